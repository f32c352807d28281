DELETE FROM settings WHERE k = 'mode';
ALTER TABLE settings DROP COLUMN updated_at;
