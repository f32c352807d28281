DELETE FROM settings WHERE scope = 'user';
ALTER TABLE settings DROP COLUMN value;
