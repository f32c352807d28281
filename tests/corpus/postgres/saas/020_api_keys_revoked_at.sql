-- A timestamp says when, not only whether.
ALTER TABLE api_keys ADD COLUMN revoked_at timestamptz;
UPDATE api_keys SET revoked_at = now() WHERE revoked;
DROP INDEX api_keys_active;
ALTER TABLE api_keys DROP COLUMN revoked;
CREATE INDEX api_keys_active ON api_keys (tenant_id) WHERE revoked_at IS NULL;
