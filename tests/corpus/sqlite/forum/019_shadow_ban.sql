CREATE TABLE accounts_new (
    id INTEGER PRIMARY KEY,
    handle VARCHAR(32) NOT NULL,
    email TEXT NOT NULL,
    joined_at TEXT NOT NULL DEFAULT CURRENT_TIMESTAMP,
    status TEXT NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'suspended', 'shadow_banned', 'banned')),
    bio TEXT CHECK (length(bio) <= 280)
);
INSERT INTO accounts_new SELECT id, handle, email, joined_at, status, bio FROM accounts;
DROP TABLE accounts;
ALTER TABLE accounts_new RENAME TO accounts;
CREATE UNIQUE INDEX accounts_handle_lower ON accounts (lower(handle));
