CREATE TABLE departments (id int NOT NULL PRIMARY KEY, manager_id int NULL);
CREATE TABLE employees (
  id int NOT NULL PRIMARY KEY,
  department_id int NOT NULL,
  CONSTRAINT employees_dept_fk FOREIGN KEY (department_id) REFERENCES departments (id)
);
ALTER TABLE departments ADD CONSTRAINT departments_manager_fk FOREIGN KEY (manager_id) REFERENCES employees (id);
CREATE TABLE badges (id int NOT NULL PRIMARY KEY, employee_id int NOT NULL,
  CONSTRAINT badges_employee_fk FOREIGN KEY (employee_id) REFERENCES employees (id));
