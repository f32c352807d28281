CREATE TABLE api_keys (
    id TEXT PRIMARY KEY,
    tenant_id INTEGER NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
    prefix CHAR(8) NOT NULL,
    secret_hash BLOB NOT NULL,
    last_used_at TEXT,
    revoked INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX api_keys_active ON api_keys (tenant_id) WHERE revoked = 0;
