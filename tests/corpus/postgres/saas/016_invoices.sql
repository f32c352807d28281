CREATE TYPE invoice_status AS ENUM ('draft', 'open', 'paid', 'void');
CREATE TABLE invoices (
    id bigserial PRIMARY KEY,
    tenant_id bigint NOT NULL REFERENCES tenants (id),
    number integer NOT NULL,
    status invoice_status NOT NULL DEFAULT 'draft',
    amount_cents bigint NOT NULL CHECK (amount_cents >= 0),
    currency char(3) NOT NULL DEFAULT 'EUR',
    issued_on date,
    UNIQUE (tenant_id, number)
);
