CREATE TABLE api_keys (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    tenant_id bigint NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
    prefix char(8) NOT NULL,
    secret_hash bytea NOT NULL,
    last_used_at timestamptz,
    revoked boolean NOT NULL DEFAULT false
);
CREATE INDEX api_keys_active ON api_keys (tenant_id) WHERE NOT revoked;
