CREATE INDEX jobs_pick ON jobs (queue, state, run_at);
