-- STRICT: SQLite itself enforces the column types from now on.
CREATE TABLE workers_new (
    id TEXT PRIMARY KEY,
    hostname TEXT NOT NULL,
    pid INTEGER NOT NULL CHECK (pid > 0),
    started_at TEXT NOT NULL DEFAULT CURRENT_TIMESTAMP,
    heartbeat_at TEXT NOT NULL DEFAULT CURRENT_TIMESTAMP,
    version TEXT NOT NULL DEFAULT 'unknown'
) STRICT;
INSERT INTO workers_new SELECT id, hostname, pid, started_at, heartbeat_at, version FROM workers;
DROP TABLE workers;
ALTER TABLE workers_new RENAME TO workers;
CREATE INDEX workers_heartbeat ON workers (heartbeat_at);
