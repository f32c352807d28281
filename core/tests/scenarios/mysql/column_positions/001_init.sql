CREATE TABLE contacts (
  id int NOT NULL AUTO_INCREMENT PRIMARY KEY,
  email varchar(191) NOT NULL
);
