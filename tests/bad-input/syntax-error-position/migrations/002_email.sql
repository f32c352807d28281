ALTER TABLE users ADD COLUMN email varchar(100);
ALTER TABLE users ADD COLUMN , phone text;
