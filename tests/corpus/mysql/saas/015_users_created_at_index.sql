-- ebb:txmode none
-- MariaDB commits DDL anyway; each statement is its own step.
CREATE INDEX users_created_at ON users (created_at);
ALTER TABLE users ADD COLUMN last_login_at DATETIME NULL;
