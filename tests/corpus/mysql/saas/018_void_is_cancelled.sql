ALTER TABLE invoices MODIFY status ENUM('draft', 'open', 'paid', 'void', 'cancelled') NOT NULL DEFAULT 'draft';
UPDATE invoices SET status = 'cancelled' WHERE status = 'void';
ALTER TABLE invoices MODIFY status ENUM('draft', 'open', 'paid', 'cancelled') NOT NULL DEFAULT 'draft';
