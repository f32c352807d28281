CREATE TABLE subscribers (
  id int NOT NULL AUTO_INCREMENT PRIMARY KEY,
  email varchar(191) NOT NULL,
  list varchar(50) NOT NULL
);
