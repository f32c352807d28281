INSERT INTO tenants (slug, name, tier) VALUES ('system', 'System', 'enterprise');
