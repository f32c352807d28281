CREATE TYPE plan_tier AS ENUM ('free', 'pro', 'enterprise');
ALTER TABLE tenants ADD COLUMN tier plan_tier NOT NULL DEFAULT 'free';
