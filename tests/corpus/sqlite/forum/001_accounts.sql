CREATE TABLE accounts (
    id INTEGER PRIMARY KEY,
    handle VARCHAR(32) NOT NULL,
    email TEXT NOT NULL,
    joined_at TEXT NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT accounts_handle_key UNIQUE (handle)
);
