CREATE TABLE projects (
    id INTEGER PRIMARY KEY,
    tenant_id INTEGER NOT NULL REFERENCES tenants (id),
    name VARCHAR(80) NOT NULL,
    archived INTEGER NOT NULL DEFAULT 0,
    CONSTRAINT projects_name_per_tenant UNIQUE (tenant_id, name)
);
