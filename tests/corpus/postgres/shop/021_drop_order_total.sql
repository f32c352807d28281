-- Totals are derived from lines now (see product_sales).
ALTER TABLE orders DROP COLUMN total;
