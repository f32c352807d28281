CREATE TABLE audit_events (
    id INTEGER PRIMARY KEY,
    tenant_id INTEGER NOT NULL,
    actor_id INTEGER,
    action TEXT NOT NULL,
    payload TEXT NOT NULL DEFAULT '{}',
    at TEXT NOT NULL DEFAULT CURRENT_TIMESTAMP
);
CREATE INDEX audit_events_tenant_at ON audit_events (tenant_id, at DESC);
