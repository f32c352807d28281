CREATE OR REPLACE VIEW unpaid AS SELECT id, total, total * 1.2 AS gross FROM invoices WHERE paid = 0;
