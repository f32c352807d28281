CREATE TABLE users (id bigint NOT NULL AUTO_INCREMENT PRIMARY KEY, email varchar(200) NOT NULL, name varchar(100));
CREATE TABLE teams (id bigint NOT NULL AUTO_INCREMENT PRIMARY KEY, title varchar(100) NOT NULL);
