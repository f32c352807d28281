ALTER TABLE products ADD COLUMN stock int NOT NULL DEFAULT 0, ADD COLUMN weight real;
