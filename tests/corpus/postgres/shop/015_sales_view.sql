CREATE VIEW product_sales AS
    SELECT p.id, p.sku, sum(l.quantity) AS units, sum(l.line_total) AS revenue
    FROM products p JOIN order_lines l ON l.product_id = p.id
    GROUP BY p.id, p.sku;
