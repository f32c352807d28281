ALTER TABLE customers ADD COLUMN phone varchar(20);
