-- Amounts become decimals: a STRICT table needs a rebuild to change a column type.
CREATE TABLE invoices_new (
    id INTEGER PRIMARY KEY,
    tenant_id INTEGER NOT NULL REFERENCES tenants (id),
    number INTEGER NOT NULL,
    status TEXT NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'open', 'paid', 'void')),
    amount REAL NOT NULL CHECK (amount >= 0),
    currency TEXT NOT NULL DEFAULT 'EUR',
    issued_on TEXT,
    UNIQUE (tenant_id, number)
) STRICT;
INSERT INTO invoices_new SELECT id, tenant_id, number, status, amount_cents / 100.0, currency, issued_on FROM invoices;
DROP TABLE invoices;
ALTER TABLE invoices_new RENAME TO invoices;
CREATE TRIGGER invoices_audit AFTER INSERT ON invoices
BEGIN
    INSERT INTO audit_events (tenant_id, action, payload) VALUES (NEW.tenant_id, 'insert', json_object('id', NEW.id));
END;
