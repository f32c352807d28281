CREATE TABLE prefs (
  id int NOT NULL PRIMARY KEY,
  theme varchar(20) NOT NULL DEFAULT 'light' COMMENT 'ui theme',
  size int DEFAULT NULL
) COMMENT='user preferences';
ALTER TABLE prefs ALTER COLUMN theme SET DEFAULT 'dark';
ALTER TABLE prefs ALTER COLUMN size SET DEFAULT 12;
ALTER TABLE prefs MODIFY theme varchar(20) NOT NULL DEFAULT 'dark' COMMENT 'colour theme';
ALTER TABLE prefs ALTER COLUMN size DROP DEFAULT;
ALTER TABLE prefs COMMENT='preferences';
