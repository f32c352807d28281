CREATE TABLE dead_letters (
    job_id bigint PRIMARY KEY,
    queue varchar(64) NOT NULL,
    payload jsonb NOT NULL,
    failed_at timestamptz NOT NULL DEFAULT now(),
    last_error text
);
