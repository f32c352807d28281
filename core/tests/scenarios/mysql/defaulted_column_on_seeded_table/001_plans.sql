CREATE TABLE plans (id int NOT NULL AUTO_INCREMENT PRIMARY KEY, name varchar(50) NOT NULL);
INSERT INTO plans (name) VALUES ('free'), ('team'), ('enterprise');
