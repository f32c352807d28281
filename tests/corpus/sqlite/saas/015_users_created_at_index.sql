-- ebb:txmode none
-- A large index build outside a transaction, committed as it goes.
CREATE INDEX IF NOT EXISTS users_created_at ON users (created_at);
