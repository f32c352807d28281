ALTER TABLE jobs ADD COLUMN priority SMALLINT NOT NULL DEFAULT 100 AFTER state;
-- The new index first: the old one serves the foreign key on queue until then.
CREATE INDEX jobs_pick_priority ON jobs (queue, state, priority, run_at);
DROP INDEX jobs_pick ON jobs;
