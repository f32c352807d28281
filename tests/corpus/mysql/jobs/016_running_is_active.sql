ALTER TABLE jobs MODIFY state ENUM('queued', 'running', 'active', 'done', 'failed', 'cancelled') NOT NULL DEFAULT 'queued';
UPDATE jobs SET state = 'active' WHERE state = 'running';
ALTER TABLE jobs MODIFY state ENUM('queued', 'active', 'done', 'failed', 'cancelled') NOT NULL DEFAULT 'queued';
