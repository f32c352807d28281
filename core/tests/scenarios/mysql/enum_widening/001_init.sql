CREATE TABLE tasks (
  id int NOT NULL AUTO_INCREMENT PRIMARY KEY,
  state enum('todo','done') NOT NULL DEFAULT 'todo'
);
