ALTER TABLE queues ADD COLUMN rate_per_minute integer;
ALTER TABLE queues ADD COLUMN description text;
COMMENT ON COLUMN queues.rate_per_minute IS 'NULL means unlimited';
