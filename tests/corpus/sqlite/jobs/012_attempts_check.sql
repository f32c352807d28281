CREATE TABLE queues_new (
    name VARCHAR(64) PRIMARY KEY,
    max_attempts INTEGER NOT NULL DEFAULT 5 CHECK (max_attempts BETWEEN 1 AND 100),
    paused INTEGER NOT NULL DEFAULT 0
) WITHOUT ROWID;
INSERT INTO queues_new SELECT name, max_attempts, paused FROM queues;
DROP TABLE queues;
ALTER TABLE queues_new RENAME TO queues;
