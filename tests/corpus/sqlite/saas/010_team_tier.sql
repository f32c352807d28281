-- Widening the CHECK means rebuilding the table (SQLite cannot alter a constraint).
PRAGMA foreign_keys = OFF;
CREATE TABLE tenants_new (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    slug TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL,
    created_at TEXT NOT NULL DEFAULT CURRENT_TIMESTAMP,
    tier TEXT NOT NULL DEFAULT 'free' CHECK (tier IN ('free', 'pro', 'team', 'enterprise'))
);
INSERT INTO tenants_new (id, slug, name, created_at, tier) SELECT id, slug, name, created_at, tier FROM tenants;
DROP TABLE tenants;
ALTER TABLE tenants_new RENAME TO tenants;
PRAGMA foreign_keys = ON;
