ALTER TABLE jobs ADD COLUMN priority INTEGER NOT NULL DEFAULT 1;
DROP INDEX jobs_unique_key;
CREATE UNIQUE INDEX jobs_unique_key ON jobs (unique_key, priority) WHERE unique_key IS NOT NULL AND (unique_states >> 1) & 1 = 1;
