-- ebb:txmode none
CREATE INDEX orders_placed_at ON orders (placed_at);
