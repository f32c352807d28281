ALTER TABLE products RENAME COLUMN title TO name;
ALTER TABLE products RENAME COLUMN cost TO price;
