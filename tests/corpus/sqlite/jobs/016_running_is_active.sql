DROP VIEW queue_depth;
DROP TRIGGER jobs_finished;
UPDATE jobs SET state = 'done' WHERE state = 'running';
CREATE TABLE jobs_new (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    queue VARCHAR(64) NOT NULL REFERENCES queues (name),
    payload TEXT NOT NULL CHECK (json_valid(payload)),
    state TEXT NOT NULL DEFAULT 'queued' CHECK (state IN ('queued', 'active', 'done', 'failed', 'cancelled')),
    attempts INTEGER NOT NULL DEFAULT 0,
    run_at TEXT NOT NULL DEFAULT CURRENT_TIMESTAMP,
    created_at TEXT NOT NULL DEFAULT CURRENT_TIMESTAMP,
    locked_by TEXT REFERENCES workers (id) ON DELETE SET NULL,
    priority INTEGER NOT NULL DEFAULT 100,
    finished_at TEXT,
    kind TEXT NOT NULL DEFAULT 'unknown'
);
INSERT INTO jobs_new SELECT id, queue, payload, state, attempts, run_at, created_at, locked_by, priority, finished_at, kind FROM jobs;
DROP TABLE jobs;
ALTER TABLE jobs_new RENAME TO jobs;
CREATE INDEX jobs_pick ON jobs (queue, priority, run_at) WHERE state = 'queued';
CREATE TRIGGER jobs_finished AFTER UPDATE OF state ON jobs
WHEN NEW.state IN ('done', 'failed', 'cancelled')
BEGIN
    UPDATE jobs SET finished_at = CURRENT_TIMESTAMP WHERE id = NEW.id;
END;
CREATE VIEW queue_depth AS
    SELECT queue, state, count(*) AS jobs, min(run_at) AS oldest
    FROM jobs GROUP BY queue, state;
