ALTER TABLE api_keys ADD COLUMN revoked_at DATETIME NULL AFTER last_used_at;
UPDATE api_keys SET revoked_at = NOW() WHERE revoked = 1;
ALTER TABLE api_keys DROP INDEX api_keys_tenant, DROP COLUMN revoked, ADD INDEX api_keys_tenant (tenant_id, revoked_at);
