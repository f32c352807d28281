DROP VIEW unpaid;
CREATE VIEW paid_total AS SELECT SUM(total) AS amount FROM invoices WHERE paid = 1;
