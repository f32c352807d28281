ALTER TABLE totp ADD COLUMN last_used_at timestamptz;
