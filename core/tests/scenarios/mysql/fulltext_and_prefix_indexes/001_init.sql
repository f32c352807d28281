CREATE TABLE articles (
  id int NOT NULL AUTO_INCREMENT PRIMARY KEY,
  title varchar(255) NOT NULL,
  body text NOT NULL
);
