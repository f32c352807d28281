CREATE TABLE pages (
  id int NOT NULL AUTO_INCREMENT PRIMARY KEY,
  body mediumtext NOT NULL
);
