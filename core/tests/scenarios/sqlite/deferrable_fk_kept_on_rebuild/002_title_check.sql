-- The rebuild Django and Alembic's batch mode write to add a CHECK on SQLite.
CREATE TABLE books_new (
  id INTEGER PRIMARY KEY,
  author_id INTEGER NOT NULL REFERENCES authors (id) DEFERRABLE INITIALLY DEFERRED,
  editor_id INTEGER REFERENCES authors (id) DEFERRABLE INITIALLY IMMEDIATE,
  title TEXT NOT NULL CHECK (length(title) > 0)
);
INSERT INTO books_new (id, author_id, editor_id, title) SELECT id, author_id, editor_id, title FROM books;
DROP TABLE books;
ALTER TABLE books_new RENAME TO books;
