CREATE TABLE users (
  id int unsigned NOT NULL AUTO_INCREMENT,
  email varchar(191) NOT NULL,
  name varchar(100) DEFAULT NULL,
  PRIMARY KEY (id),
  UNIQUE KEY users_email (email)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;
