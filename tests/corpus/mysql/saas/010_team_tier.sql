ALTER TABLE tenants MODIFY COLUMN tier ENUM('free', 'pro', 'team', 'enterprise') NOT NULL DEFAULT 'free';
