CREATE TABLE badges (id int NOT NULL PRIMARY KEY, employee_id int NOT NULL,
  CONSTRAINT badges_employee_fk FOREIGN KEY (employee_id) REFERENCES employees (id));
