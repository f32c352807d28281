ALTER TABLE notes RENAME COLUMN txt TO body;
ALTER TABLE notes RENAME COLUMN created TO created_at;
