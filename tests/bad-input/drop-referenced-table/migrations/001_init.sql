CREATE TABLE users (id integer PRIMARY KEY, name varchar(50) NOT NULL);
CREATE TABLE posts (id integer PRIMARY KEY, author_id integer REFERENCES users (id));
