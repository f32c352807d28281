ALTER TABLE order_lines ADD COLUMN line_total DECIMAL(12, 2) AS (quantity * unit_price) STORED;
