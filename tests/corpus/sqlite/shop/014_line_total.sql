ALTER TABLE order_lines ADD COLUMN line_total NUMERIC(12, 2) GENERATED ALWAYS AS (quantity * unit_price) VIRTUAL;
