-- A CHECK cannot be altered in SQLite: rebuild the table.
DROP TRIGGER users_email_lower;
CREATE TABLE users_new (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    email TEXT NOT NULL UNIQUE ON CONFLICT ABORT,
    password_hash TEXT NOT NULL,
    created_at TEXT NOT NULL DEFAULT CURRENT_TIMESTAMP,
    state TEXT NOT NULL DEFAULT 'pending'
        CHECK (state IN ('pending', 'active', 'locked', 'disabled')),
    totp_secret BLOB,
    totp_enabled INTEGER NOT NULL DEFAULT 0
);
INSERT INTO users_new SELECT id, email, password_hash, created_at, state, totp_secret, totp_enabled FROM users;
DROP TABLE users;
ALTER TABLE users_new RENAME TO users;
CREATE TRIGGER IF NOT EXISTS users_email_lower AFTER INSERT ON users
WHEN NEW.email <> lower(NEW.email)
BEGIN
    UPDATE users SET email = lower(NEW.email) WHERE id = NEW.id;
END;
