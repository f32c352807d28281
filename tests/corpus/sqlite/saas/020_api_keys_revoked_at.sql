ALTER TABLE api_keys ADD COLUMN revoked_at TEXT;
UPDATE api_keys SET revoked_at = CURRENT_TIMESTAMP WHERE revoked = 1;
DROP INDEX api_keys_active;
ALTER TABLE api_keys DROP COLUMN revoked;
CREATE INDEX api_keys_active ON api_keys (tenant_id) WHERE revoked_at IS NULL;
