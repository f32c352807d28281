COMMENT ON COLUMN plans.name IS 'shown on invoices';
COMMENT ON TABLE plans IS 'billing plans';
