INSERT INTO settings (k, v) VALUES ('mode', 'on');
ALTER TABLE settings ADD COLUMN updated_at timestamptz;
UPDATE settings SET updated_at = now();
