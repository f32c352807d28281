CREATE UNIQUE INDEX accounts_email_live ON accounts (lower(email)) WHERE deleted_at IS NULL;
CREATE INDEX ON accounts (deleted_at DESC);
