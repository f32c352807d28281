ALTER TABLE tenants COMMENT = 'Customer organisations';
ALTER TABLE invoices MODIFY number INT UNSIGNED NOT NULL COMMENT 'Sequential per tenant, never reused';
