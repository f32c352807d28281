RENAME TABLE teams TO squads;
ALTER TABLE users RENAME COLUMN name TO display_name;
ALTER TABLE users MODIFY email varchar(320) NOT NULL;
