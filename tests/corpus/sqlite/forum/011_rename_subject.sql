ALTER TABLE threads RENAME COLUMN subject TO title;
