CREATE TABLE threads (
    id INTEGER PRIMARY KEY,
    board_id INTEGER NOT NULL REFERENCES boards (id),
    author_id INTEGER REFERENCES accounts (id) ON DELETE SET NULL,
    subject VARCHAR(120) NOT NULL,
    created_at TEXT NOT NULL DEFAULT CURRENT_TIMESTAMP
);
CREATE INDEX threads_board ON threads (board_id, created_at DESC);
