CREATE TABLE invoices (
    id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
    tenant_id BIGINT UNSIGNED NOT NULL,
    number INT UNSIGNED NOT NULL,
    status ENUM('draft', 'open', 'paid', 'void') NOT NULL DEFAULT 'draft',
    amount_cents BIGINT NOT NULL,
    currency CHAR(3) NOT NULL DEFAULT 'EUR',
    issued_on DATE NULL,
    UNIQUE KEY invoices_number (tenant_id, number),
    CONSTRAINT invoices_amount_positive CHECK (amount_cents >= 0),
    CONSTRAINT invoices_tenant_fk FOREIGN KEY (tenant_id) REFERENCES tenants (id)
);
