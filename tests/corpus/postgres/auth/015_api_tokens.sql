CREATE TABLE auth.api_tokens (
    id bigserial PRIMARY KEY,
    user_id bigint NOT NULL REFERENCES auth.users (id) ON DELETE CASCADE,
    token_hash bytea NOT NULL UNIQUE,
    scopes text[] NOT NULL DEFAULT '{}',
    expires_at timestamptz
);
