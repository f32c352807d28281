ALTER TYPE invoice_status RENAME VALUE 'void' TO 'cancelled';
