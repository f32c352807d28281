ALTER TABLE people ADD COLUMN email TEXT;
ALTER TABLE people RENAME COLUMN name TO full_name;
