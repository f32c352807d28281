DROP INDEX users_created_at;
ALTER TABLE users DROP COLUMN created_at;
