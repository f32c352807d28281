DROP TABLE sessions;
CREATE TABLE sessions (
  token uuid PRIMARY KEY,
  user_id bigint NOT NULL,
  expires_at timestamptz NOT NULL
);
