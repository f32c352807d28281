CREATE TABLE audit (id bigserial PRIMARY KEY, users_id bigint NOT NULL REFERENCES users (id), at timestamptz NOT NULL DEFAULT now());
ALTER TABLE users DROP COLUMN bio;
