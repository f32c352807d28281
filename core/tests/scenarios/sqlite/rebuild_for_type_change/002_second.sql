CREATE TABLE notes_new (id INTEGER PRIMARY KEY AUTOINCREMENT, body TEXT NOT NULL, rank REAL NOT NULL DEFAULT 0);
INSERT INTO notes_new (id, body, rank) SELECT id, body, COALESCE(rank, 0) FROM notes;
DROP TABLE notes;
ALTER TABLE notes_new RENAME TO notes;
CREATE INDEX notes_rank ON notes (rank);
