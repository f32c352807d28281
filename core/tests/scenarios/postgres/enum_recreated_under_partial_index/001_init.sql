CREATE TYPE job_state AS ENUM ('queued', 'running', 'done');
CREATE TABLE jobs (id int PRIMARY KEY, state job_state NOT NULL DEFAULT 'queued');
CREATE INDEX jobs_queued ON jobs (id) WHERE state = 'queued';
