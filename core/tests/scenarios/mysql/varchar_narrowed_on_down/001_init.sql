CREATE TABLE cities (id int NOT NULL PRIMARY KEY, name varchar(50) NOT NULL, code char(3) NOT NULL);
