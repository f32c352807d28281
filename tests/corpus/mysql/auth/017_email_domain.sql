ALTER TABLE users
    ADD COLUMN email_domain VARCHAR(190) AS (SUBSTRING_INDEX(email, '@', -1)) STORED,
    ADD INDEX users_email_domain (email_domain);
