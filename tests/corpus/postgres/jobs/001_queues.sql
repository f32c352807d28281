CREATE TABLE queues (
    name varchar(64) PRIMARY KEY,
    max_attempts integer NOT NULL DEFAULT 5,
    paused boolean NOT NULL DEFAULT false
);
