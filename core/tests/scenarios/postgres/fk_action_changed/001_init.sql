CREATE TABLE authors (id bigint PRIMARY KEY, name text NOT NULL);
CREATE TABLE books (
  id bigint PRIMARY KEY,
  author_id bigint CONSTRAINT books_author_fk REFERENCES authors (id)
);
