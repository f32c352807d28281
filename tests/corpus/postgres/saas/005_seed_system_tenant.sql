-- The operator's own tenant, used by background jobs.
INSERT INTO tenants (slug, name, tier) VALUES ('system', 'System', 'enterprise');
