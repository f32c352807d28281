ALTER TABLE teams RENAME TO squads;
ALTER TABLE users RENAME COLUMN name TO display_name;
ALTER TABLE users ALTER COLUMN email TYPE varchar(320);
