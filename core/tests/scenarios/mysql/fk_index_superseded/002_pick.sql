-- InnoDB drops the index it made for jobs_queue_fk: this one serves the key now.
CREATE INDEX jobs_pick ON jobs (queue, state);
