CREATE TABLE authors (id integer PRIMARY KEY AUTOINCREMENT, name text NOT NULL);
CREATE TABLE posts (
  id integer PRIMARY KEY AUTOINCREMENT,
  author_id integer NOT NULL REFERENCES authors (id),
  title varchar(120) NOT NULL,
  body text
);
