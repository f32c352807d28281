ALTER TABLE users
    ADD COLUMN state ENUM('pending', 'active', 'locked') NOT NULL DEFAULT 'pending' AFTER email;
