ALTER TABLE auth.users ADD COLUMN totp_secret bytea, ADD COLUMN totp_enabled boolean NOT NULL DEFAULT false;
