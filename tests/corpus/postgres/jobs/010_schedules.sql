CREATE TABLE schedules (
    id serial PRIMARY KEY,
    queue varchar(64) NOT NULL REFERENCES queues (name) ON UPDATE CASCADE,
    cron varchar(100) NOT NULL,
    job_kind text NOT NULL,
    enabled boolean NOT NULL DEFAULT true,
    last_run_at timestamptz,
    CONSTRAINT schedules_kind_once UNIQUE (queue, job_kind)
);
