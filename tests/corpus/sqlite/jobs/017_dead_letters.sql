CREATE TABLE dead_letters (
    job_id INTEGER PRIMARY KEY,
    queue VARCHAR(64) NOT NULL,
    payload TEXT NOT NULL,
    failed_at TEXT NOT NULL DEFAULT CURRENT_TIMESTAMP,
    last_error TEXT
);
