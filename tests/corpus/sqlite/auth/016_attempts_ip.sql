ALTER TABLE login_attempts ADD COLUMN ip TEXT;
CREATE INDEX login_attempts_ip ON login_attempts (ip) WHERE ip IS NOT NULL;
