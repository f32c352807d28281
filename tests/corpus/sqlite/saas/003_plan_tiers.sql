-- SQLite has no enum type: a CHECK keeps the tier to known values.
ALTER TABLE tenants ADD COLUMN tier TEXT NOT NULL DEFAULT 'free' CHECK (tier IN ('free', 'pro', 'enterprise'));
