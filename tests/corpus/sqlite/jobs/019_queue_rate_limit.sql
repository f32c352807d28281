ALTER TABLE queues ADD COLUMN rate_per_minute INTEGER;
ALTER TABLE queues ADD COLUMN description TEXT;
