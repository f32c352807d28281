RENAME TABLE login_attempts TO sign_in_attempts;
ALTER TABLE sign_in_attempts CHANGE succeeded ok TINYINT(1) NOT NULL DEFAULT 0;
