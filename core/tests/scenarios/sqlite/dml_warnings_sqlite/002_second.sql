UPDATE config SET value = '2' WHERE key = 'version';
ALTER TABLE config ADD COLUMN note TEXT;
