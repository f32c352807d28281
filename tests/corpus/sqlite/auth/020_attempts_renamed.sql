DROP INDEX login_attempts_ip;
ALTER TABLE login_attempts RENAME TO sign_in_attempts;
ALTER TABLE sign_in_attempts RENAME COLUMN succeeded TO ok;
CREATE INDEX sign_in_attempts_ip ON sign_in_attempts (ip) WHERE ip IS NOT NULL;
