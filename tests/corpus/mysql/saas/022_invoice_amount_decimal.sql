ALTER TABLE invoices CHANGE amount_cents amount DECIMAL(14, 2) NOT NULL;
