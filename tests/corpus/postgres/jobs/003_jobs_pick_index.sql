CREATE INDEX jobs_pick ON jobs (queue, run_at) WHERE state = 'queued';
