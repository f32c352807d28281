-- ebb:txmode none
-- Built without blocking sign-ups: CONCURRENTLY cannot run inside a transaction.
CREATE INDEX CONCURRENTLY IF NOT EXISTS users_created_at ON users (created_at);
