CREATE TABLE moderation_log (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    moderator_id INTEGER NOT NULL REFERENCES accounts (id),
    thread_id INTEGER REFERENCES threads (id) ON DELETE SET NULL,
    action TEXT NOT NULL CHECK (action IN ('lock', 'pin', 'move', 'delete')),
    reason TEXT,
    at TEXT NOT NULL DEFAULT CURRENT_TIMESTAMP
);
