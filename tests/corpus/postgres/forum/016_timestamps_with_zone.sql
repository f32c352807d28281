ALTER TABLE posts ALTER COLUMN created_at TYPE timestamptz;
ALTER TABLE posts ALTER COLUMN edited_at TYPE timestamptz;
