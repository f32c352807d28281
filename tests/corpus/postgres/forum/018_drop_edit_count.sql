ALTER TABLE posts DROP COLUMN edit_count;
