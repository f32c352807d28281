CREATE TYPE order_state AS ENUM ('cart', 'placed', 'shipped', 'delivered', 'returned');
CREATE TABLE orders (
    id bigserial PRIMARY KEY,
    customer_id bigint NOT NULL REFERENCES customers (id),
    state order_state NOT NULL DEFAULT 'cart',
    placed_at timestamptz,
    total numeric(12, 2) NOT NULL DEFAULT 0
);
CREATE INDEX orders_customer ON orders (customer_id);
