-- Reverting this recreates the type; the partial index reads the column with a typed literal.
ALTER TYPE job_state RENAME VALUE 'running' TO 'active';
ALTER TYPE job_state ADD VALUE 'failed';
