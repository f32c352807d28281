CREATE TABLE users (id integer PRIMARY KEY, name varchar(50) NOT NULL);
CREATE TABLE a (id int)
CREATE TABLE b (id int);
