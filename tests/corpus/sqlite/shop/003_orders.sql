CREATE TABLE orders (
    id INTEGER PRIMARY KEY,
    customer_id INTEGER NOT NULL REFERENCES customers (id),
    state TEXT NOT NULL DEFAULT 'cart' CHECK (state IN ('cart', 'placed', 'shipped', 'delivered', 'returned')),
    placed_at TEXT,
    total NUMERIC(12, 2) NOT NULL DEFAULT 0
);
CREATE INDEX orders_customer ON orders (customer_id);
