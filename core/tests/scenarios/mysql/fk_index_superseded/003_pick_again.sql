-- Reverting this must not drop jobs_pick_v2 while it is the key's only index.
CREATE INDEX jobs_pick_v2 ON jobs (queue, state, id);
DROP INDEX jobs_pick ON jobs;
ALTER TABLE jobs DROP INDEX jobs_pick_v2, ADD INDEX jobs_pick_v2 (queue, id);
