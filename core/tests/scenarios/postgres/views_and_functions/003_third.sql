CREATE OR REPLACE VIEW big_orders AS SELECT id, total FROM orders WHERE total > 500;
ALTER TABLE orders ADD COLUMN note text;
