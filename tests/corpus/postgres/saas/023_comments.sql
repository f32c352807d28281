COMMENT ON TABLE tenants IS 'Customer organisations';
COMMENT ON COLUMN invoices.number IS 'Sequential per tenant, never reused';
