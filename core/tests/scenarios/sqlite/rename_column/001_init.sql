CREATE TABLE notes (id INTEGER PRIMARY KEY, txt TEXT NOT NULL, created TEXT);
CREATE INDEX notes_created ON notes (created);
