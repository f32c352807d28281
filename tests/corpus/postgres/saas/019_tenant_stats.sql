CREATE MATERIALIZED VIEW tenant_stats AS
    SELECT t.id AS tenant_id, count(w.id) AS workspaces
    FROM tenants t LEFT JOIN workspaces w ON w.tenant_id = t.id
    GROUP BY t.id;
