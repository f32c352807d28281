CREATE TABLE boxes (
  id int NOT NULL PRIMARY KEY,
  width int NOT NULL,
  height int NOT NULL
);
