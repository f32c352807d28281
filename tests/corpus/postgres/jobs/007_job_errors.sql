CREATE TABLE job_errors (
    id bigserial PRIMARY KEY,
    job_id bigint NOT NULL REFERENCES jobs (id) ON DELETE CASCADE,
    attempt integer NOT NULL,
    message text NOT NULL,
    backtrace text[],
    at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX job_errors_job ON job_errors (job_id);
