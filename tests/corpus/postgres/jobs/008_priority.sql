ALTER TABLE jobs ADD COLUMN priority smallint NOT NULL DEFAULT 100;
DROP INDEX jobs_pick;
CREATE INDEX jobs_pick ON jobs (queue, priority, run_at) WHERE state = 'queued';
