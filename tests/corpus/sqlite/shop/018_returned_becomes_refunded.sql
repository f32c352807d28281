UPDATE orders SET state = 'cancelled' WHERE state = 'returned';
CREATE TABLE orders_new (
    id INTEGER PRIMARY KEY,
    customer_id INTEGER NOT NULL REFERENCES customers (id),
    state TEXT NOT NULL DEFAULT 'cart' CHECK (state IN ('cart', 'placed', 'shipped', 'delivered', 'refunded', 'cancelled')),
    placed_at TEXT,
    total NUMERIC(12, 2) NOT NULL DEFAULT 0,
    shipping_address_id INTEGER REFERENCES addresses (id),
    number INTEGER,
    coupon_code VARCHAR(24) REFERENCES coupons (code) ON UPDATE CASCADE
);
INSERT INTO orders_new SELECT id, customer_id, state, placed_at, total, shipping_address_id, number, coupon_code FROM orders;
DROP TABLE orders;
ALTER TABLE orders_new RENAME TO orders;
CREATE INDEX orders_customer ON orders (customer_id);
CREATE UNIQUE INDEX orders_number ON orders (number);
CREATE INDEX orders_placed_at ON orders (placed_at) WHERE placed_at IS NOT NULL;
