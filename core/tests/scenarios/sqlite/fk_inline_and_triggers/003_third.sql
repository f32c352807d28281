CREATE TABLE entries_new (id INTEGER PRIMARY KEY, list_id INTEGER NOT NULL REFERENCES lists (id), text TEXT NOT NULL DEFAULT '', done INTEGER NOT NULL DEFAULT 0);
INSERT INTO entries_new SELECT id, list_id, COALESCE(text, ''), done FROM entries;
DROP TABLE entries;
ALTER TABLE entries_new RENAME TO entries;
