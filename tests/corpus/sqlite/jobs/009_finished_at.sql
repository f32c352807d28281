ALTER TABLE jobs ADD COLUMN finished_at TEXT;
