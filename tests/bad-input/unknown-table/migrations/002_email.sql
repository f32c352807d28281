ALTER TABLE members ADD COLUMN email varchar(100);
