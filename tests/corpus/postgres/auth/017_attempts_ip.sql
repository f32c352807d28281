ALTER TABLE auth.login_attempts ADD COLUMN ip inet;
CREATE INDEX login_attempts_email_at ON auth.login_attempts (email, at DESC);
