ALTER TABLE users
    ADD COLUMN display_name VARCHAR(100) NULL COMMENT 'Shown instead of the e-mail address' AFTER email;
