CREATE TABLE jobs_new (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    queue VARCHAR(64) NOT NULL REFERENCES queues (name),
    payload TEXT NOT NULL CHECK (json_valid(payload)),
    state TEXT NOT NULL DEFAULT 'queued' CHECK (state IN ('queued', 'running', 'done', 'failed')),
    attempts INTEGER NOT NULL DEFAULT 0,
    run_at TEXT NOT NULL DEFAULT CURRENT_TIMESTAMP,
    created_at TEXT NOT NULL DEFAULT CURRENT_TIMESTAMP,
    locked_by TEXT REFERENCES workers (id) ON DELETE SET NULL
);
INSERT INTO jobs_new SELECT id, queue, payload, state, attempts, run_at, created_at, locked_by FROM jobs;
DROP TABLE jobs;
ALTER TABLE jobs_new RENAME TO jobs;
CREATE INDEX jobs_pick ON jobs (queue, run_at) WHERE state = 'queued';
