CREATE TABLE prefs (
  id int NOT NULL PRIMARY KEY,
  theme varchar(20) NOT NULL DEFAULT 'light' COMMENT 'ui theme',
  size int DEFAULT NULL
) COMMENT='user preferences';
