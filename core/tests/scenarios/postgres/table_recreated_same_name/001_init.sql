CREATE TABLE sessions (id text PRIMARY KEY, user_id bigint NOT NULL, data text);
