-- SQLite cannot drop an indexed column: the index goes first.
DROP INDEX users_email_key;
ALTER TABLE users DROP COLUMN email;
DROP INDEX pages_tenant_slug;
ALTER TABLE pages DROP COLUMN slug;
DROP INDEX settings_name;
ALTER TABLE settings DROP COLUMN name;
