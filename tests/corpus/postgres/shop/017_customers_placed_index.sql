-- ebb:txmode none
CREATE INDEX CONCURRENTLY orders_placed_at ON orders (placed_at) WHERE placed_at IS NOT NULL;
