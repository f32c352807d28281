ALTER TABLE orders ADD COLUMN number BIGINT UNSIGNED NULL;
UPDATE orders SET number = 100000 + id;
ALTER TABLE orders ADD UNIQUE KEY orders_number (number);
