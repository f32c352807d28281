-- The clauses go (rebuild); reverting puts them back.
CREATE TABLE tags_new (id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE, slug TEXT, UNIQUE (slug));
INSERT INTO tags_new SELECT id, name, slug FROM tags;
DROP TABLE tags;
ALTER TABLE tags_new RENAME TO tags;
