CREATE TABLE api_keys (
    id CHAR(36) NOT NULL PRIMARY KEY,
    tenant_id BIGINT UNSIGNED NOT NULL,
    prefix CHAR(8) NOT NULL,
    secret_hash VARBINARY(64) NOT NULL,
    last_used_at DATETIME NULL,
    revoked TINYINT(1) NOT NULL DEFAULT 0,
    KEY api_keys_tenant (tenant_id, revoked),
    CONSTRAINT api_keys_tenant_fk FOREIGN KEY (tenant_id) REFERENCES tenants (id) ON DELETE CASCADE
);
