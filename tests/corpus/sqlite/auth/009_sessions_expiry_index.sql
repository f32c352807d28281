-- ebb:txmode none
CREATE INDEX IF NOT EXISTS sessions_expires ON sessions (expires_at);
