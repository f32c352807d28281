CREATE TABLE login_attempts (
    id INTEGER PRIMARY KEY,
    email TEXT NOT NULL,
    succeeded INTEGER NOT NULL DEFAULT 0 CHECK (succeeded IN (0, 1)),
    at TEXT NOT NULL DEFAULT CURRENT_TIMESTAMP
);
CREATE INDEX login_attempts_email_at ON login_attempts (email, at DESC);
