-- ebb:txmode none
ALTER TABLE sessions ADD INDEX IF NOT EXISTS sessions_expires (expires_at);
