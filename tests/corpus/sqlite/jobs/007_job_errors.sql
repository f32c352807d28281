CREATE TABLE job_errors (
    id INTEGER PRIMARY KEY,
    job_id INTEGER NOT NULL REFERENCES jobs (id) ON DELETE CASCADE,
    attempt INTEGER NOT NULL,
    message TEXT NOT NULL,
    backtrace TEXT,
    at TEXT NOT NULL DEFAULT CURRENT_TIMESTAMP
);
CREATE INDEX job_errors_job ON job_errors (job_id);
