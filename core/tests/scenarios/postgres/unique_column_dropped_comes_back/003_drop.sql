-- PostgreSQL drops the indexes with their columns.
ALTER TABLE users DROP COLUMN email;
ALTER TABLE pages DROP COLUMN slug;
ALTER TABLE settings DROP COLUMN name;
ALTER TABLE tickets DROP COLUMN number;
