ALTER TABLE jobs ADD COLUMN kind TEXT NOT NULL DEFAULT 'unknown';
UPDATE jobs SET kind = coalesce(json_extract(payload, '$.kind'), 'unknown');
