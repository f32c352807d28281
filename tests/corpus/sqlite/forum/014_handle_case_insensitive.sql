-- The inline UNIQUE cannot be dropped in place: rebuild without it, index lower(handle).
CREATE TABLE accounts_new (
    id INTEGER PRIMARY KEY,
    handle VARCHAR(32) NOT NULL,
    email TEXT NOT NULL,
    joined_at TEXT NOT NULL DEFAULT CURRENT_TIMESTAMP,
    status TEXT NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'suspended', 'banned'))
);
INSERT INTO accounts_new (id, handle, email, joined_at, status) SELECT id, handle, email, joined_at, status FROM accounts;
DROP TABLE accounts;
ALTER TABLE accounts_new RENAME TO accounts;
CREATE UNIQUE INDEX accounts_handle_lower ON accounts (lower(handle));
