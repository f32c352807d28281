DROP INDEX users_email_key ON users;
ALTER TABLE users DROP COLUMN email;
DROP INDEX pages_tenant_slug ON pages;
ALTER TABLE pages DROP COLUMN slug;
DROP INDEX settings_name ON settings;
ALTER TABLE settings DROP COLUMN name;
ALTER TABLE tickets DROP COLUMN number, ADD PRIMARY KEY (id);
