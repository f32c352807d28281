ALTER TABLE queues
    ADD COLUMN rate_per_minute INT UNSIGNED NULL COMMENT 'NULL means unlimited',
    ADD COLUMN description VARCHAR(500) NULL;
