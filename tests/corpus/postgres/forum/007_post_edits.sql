ALTER TABLE posts ADD COLUMN edited_at timestamp, ADD COLUMN edit_count integer NOT NULL DEFAULT 0;
