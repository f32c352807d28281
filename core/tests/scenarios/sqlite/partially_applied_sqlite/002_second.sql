-- ebb-test:applied 1
ALTER TABLE queue ADD COLUMN priority INTEGER NOT NULL DEFAULT 0;
CREATE INDEX queue_priority ON queue (priority);
ALTER TABLE queue ADD COLUMN locked_at TEXT;
