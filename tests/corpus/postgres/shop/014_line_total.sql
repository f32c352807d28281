ALTER TABLE order_lines ADD COLUMN line_total numeric(12, 2) GENERATED ALWAYS AS (quantity * unit_price) STORED;
