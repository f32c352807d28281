CREATE TABLE invoices (id int NOT NULL PRIMARY KEY, total decimal(10,2) NOT NULL, paid tinyint(1) NOT NULL DEFAULT 0);
CREATE VIEW unpaid AS SELECT id, total FROM invoices WHERE paid = 0;
