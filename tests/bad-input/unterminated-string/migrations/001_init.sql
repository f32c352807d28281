CREATE TABLE users (id integer PRIMARY KEY, name varchar(50) NOT NULL);
INSERT INTO users (id, name) VALUES (1, 'ann);
