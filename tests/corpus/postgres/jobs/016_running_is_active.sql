ALTER TYPE job_state RENAME VALUE 'running' TO 'active';
