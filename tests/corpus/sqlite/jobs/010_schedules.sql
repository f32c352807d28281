CREATE TABLE schedules (
    id INTEGER PRIMARY KEY,
    queue VARCHAR(64) NOT NULL REFERENCES queues (name) ON UPDATE CASCADE,
    cron VARCHAR(100) NOT NULL,
    job_kind TEXT NOT NULL,
    enabled INTEGER NOT NULL DEFAULT 1,
    last_run_at TEXT,
    CONSTRAINT schedules_kind_once UNIQUE (queue, job_kind)
);
