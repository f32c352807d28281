CREATE TABLE price_history (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    product_id INTEGER NOT NULL REFERENCES products (id) ON DELETE CASCADE,
    old_price NUMERIC(10, 2),
    new_price NUMERIC(10, 2) NOT NULL,
    changed_at TEXT NOT NULL DEFAULT CURRENT_TIMESTAMP
);
CREATE TRIGGER products_price_history AFTER UPDATE OF price ON products
WHEN NEW.price IS NOT OLD.price
BEGIN
    INSERT INTO price_history (product_id, old_price, new_price) VALUES (NEW.id, OLD.price, NEW.price);
END;
