ALTER TABLE moderation_log DROP COLUMN reason;
ALTER TABLE moderation_log ADD COLUMN note TEXT NOT NULL DEFAULT '';
