ALTER TABLE orders ADD COLUMN number INTEGER;
UPDATE orders SET number = 100000 + id;
CREATE UNIQUE INDEX orders_number ON orders (number);
