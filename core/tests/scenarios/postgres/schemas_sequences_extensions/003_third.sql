COMMENT ON TABLE billing.invoices IS 'issued invoices';
COMMENT ON COLUMN billing.invoices.email IS 'who pays';
