CREATE UNIQUE INDEX tokens_value ON tokens (value);
CREATE INDEX tokens_live ON tokens (user_id) WHERE revoked = 0;
