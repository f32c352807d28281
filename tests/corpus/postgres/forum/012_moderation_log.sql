CREATE TYPE mod_action AS ENUM ('lock', 'pin', 'move', 'delete');
CREATE TABLE moderation_log (
    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    moderator_id integer NOT NULL REFERENCES accounts (id),
    thread_id bigint REFERENCES threads (id) ON DELETE SET NULL,
    action mod_action NOT NULL,
    reason text,
    at timestamp NOT NULL DEFAULT CURRENT_TIMESTAMP
);
