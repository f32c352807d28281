ALTER TABLE jobs ADD COLUMN kind text;
UPDATE jobs SET kind = coalesce(payload ->> 'kind', 'unknown');
ALTER TABLE jobs ALTER COLUMN kind SET NOT NULL;
