ALTER TABLE tenants ADD COLUMN tier ENUM('free', 'pro', 'enterprise') NOT NULL DEFAULT 'free';
