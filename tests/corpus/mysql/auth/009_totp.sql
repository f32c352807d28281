-- Written to be re-runnable by hand (MariaDB's IF NOT EXISTS forms).
ALTER TABLE users
    ADD COLUMN IF NOT EXISTS totp_secret VARBINARY(64) NULL,
    ADD COLUMN IF NOT EXISTS totp_enabled TINYINT(1) NOT NULL DEFAULT 0;
