CREATE TABLE reactions (
    post_id INTEGER NOT NULL REFERENCES posts (id) ON DELETE CASCADE,
    account_id INTEGER NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    emoji VARCHAR(16) NOT NULL,
    PRIMARY KEY (post_id, account_id, emoji)
) WITHOUT ROWID;
