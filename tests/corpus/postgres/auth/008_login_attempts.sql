CREATE SEQUENCE auth.attempt_ids;
CREATE TABLE auth.login_attempts (
    id bigint PRIMARY KEY DEFAULT nextval('auth.attempt_ids'),
    email citext NOT NULL,
    succeeded boolean NOT NULL,
    at timestamptz NOT NULL DEFAULT now()
);
ALTER SEQUENCE auth.attempt_ids OWNED BY auth.login_attempts.id;
