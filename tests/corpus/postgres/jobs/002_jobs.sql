CREATE TYPE job_state AS ENUM ('queued', 'running', 'done', 'failed');
CREATE TABLE jobs (
    id bigserial PRIMARY KEY,
    queue varchar(64) NOT NULL REFERENCES queues (name),
    payload json NOT NULL,
    state job_state NOT NULL DEFAULT 'queued',
    attempts integer NOT NULL DEFAULT 0,
    run_at timestamptz NOT NULL DEFAULT now(),
    created_at timestamptz NOT NULL DEFAULT now()
);
