-- ebb:txmode none
CREATE INDEX CONCURRENTLY IF NOT EXISTS sessions_expires ON auth.sessions (expires_at);
