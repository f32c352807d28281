-- Numbers with a country prefix and extension do not fit in 20.
ALTER TABLE customers ALTER COLUMN phone TYPE varchar(32);
