CREATE TABLE users (id integer PRIMARY KEY, name varchar(50) NOT NULL);
/* a comment that never ends
CREATE TABLE x (id int);
