ALTER TABLE moderation_log DROP COLUMN reason, ADD COLUMN note VARCHAR(500) NOT NULL DEFAULT '' COMMENT 'Shown to the thread author';
