ALTER TABLE moderation_log DROP COLUMN reason;
ALTER TABLE moderation_log ADD COLUMN note text NOT NULL DEFAULT '';
COMMENT ON COLUMN moderation_log.note IS 'Shown to the thread author';
