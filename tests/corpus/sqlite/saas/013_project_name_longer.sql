-- The declared length is documentation on SQLite; it still follows the model.
PRAGMA foreign_keys = OFF;
CREATE TABLE projects_new (
    id INTEGER PRIMARY KEY,
    tenant_id INTEGER NOT NULL REFERENCES tenants (id),
    name VARCHAR(200) NOT NULL,
    archived INTEGER NOT NULL DEFAULT 0,
    updated_at TEXT,
    CONSTRAINT projects_name_per_tenant UNIQUE (tenant_id, name)
);
INSERT INTO projects_new SELECT id, tenant_id, name, archived, updated_at FROM projects;
DROP TABLE projects;
ALTER TABLE projects_new RENAME TO projects;
CREATE TRIGGER projects_touch AFTER UPDATE OF name, archived ON projects
BEGIN
    UPDATE projects SET updated_at = CURRENT_TIMESTAMP WHERE id = NEW.id;
END;
PRAGMA foreign_keys = ON;
