CREATE VIEW big_sales AS SELECT id, region, amount FROM sales WHERE amount > 1000;
