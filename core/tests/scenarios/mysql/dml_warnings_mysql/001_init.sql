CREATE TABLE settings (name varchar(64) NOT NULL PRIMARY KEY, value text);
INSERT INTO settings (name, value) VALUES ('theme', 'light');
