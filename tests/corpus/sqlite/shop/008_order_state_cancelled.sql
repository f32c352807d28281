CREATE TABLE orders_new (
    id INTEGER PRIMARY KEY,
    customer_id INTEGER NOT NULL REFERENCES customers (id),
    state TEXT NOT NULL DEFAULT 'cart' CHECK (state IN ('cart', 'placed', 'shipped', 'delivered', 'returned', 'cancelled')),
    placed_at TEXT,
    total NUMERIC(12, 2) NOT NULL DEFAULT 0,
    shipping_address_id INTEGER REFERENCES addresses (id)
);
INSERT INTO orders_new SELECT id, customer_id, state, placed_at, total, shipping_address_id FROM orders;
DROP TABLE orders;
ALTER TABLE orders_new RENAME TO orders;
CREATE INDEX orders_customer ON orders (customer_id);
