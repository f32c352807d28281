CREATE TABLE authors (id INTEGER PRIMARY KEY, name TEXT NOT NULL);
CREATE TABLE books (id INTEGER PRIMARY KEY, author_id INTEGER REFERENCES authors (id), title TEXT NOT NULL);
CREATE TABLE books_new (
  id INTEGER PRIMARY KEY,
  author_id INTEGER NOT NULL REFERENCES authors (id) ON DELETE CASCADE,
  title TEXT NOT NULL
);
INSERT INTO books_new SELECT id, author_id, title FROM books;
DROP TABLE books;
ALTER TABLE books_new RENAME TO books;
CREATE INDEX books_author ON books (author_id);
