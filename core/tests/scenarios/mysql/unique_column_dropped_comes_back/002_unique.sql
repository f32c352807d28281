CREATE UNIQUE INDEX users_email_key ON users (email);
CREATE UNIQUE INDEX pages_tenant_slug ON pages (tenant_id, slug);
CREATE UNIQUE INDEX settings_name ON settings (name);
ALTER TABLE tickets DROP PRIMARY KEY, ADD COLUMN number int NOT NULL AUTO_INCREMENT PRIMARY KEY;
