CREATE TABLE prefs_new (id INTEGER PRIMARY KEY, theme TEXT NOT NULL DEFAULT 'dark', size INTEGER DEFAULT 14);
INSERT INTO prefs_new SELECT id, theme, size FROM prefs;
DROP TABLE prefs;
ALTER TABLE prefs_new RENAME TO prefs;
