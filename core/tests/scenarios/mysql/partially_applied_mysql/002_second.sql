-- ebb-test:applied 2
ALTER TABLE jobs ADD COLUMN attempts int NOT NULL DEFAULT 0;
CREATE INDEX jobs_kind ON jobs (kind);
ALTER TABLE jobs ADD COLUMN last_error text;
ALTER TABLE jobs DROP COLUMN kind;
