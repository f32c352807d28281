ALTER TABLE settings ADD COLUMN scope varchar(16) NOT NULL DEFAULT 'global';
UPDATE settings SET scope = 'user' WHERE name = 'theme';
