ALTER TABLE users
    MODIFY state ENUM('pending', 'active', 'locked', 'disabled') NOT NULL DEFAULT 'pending';
