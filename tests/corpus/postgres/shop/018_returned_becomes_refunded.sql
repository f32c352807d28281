ALTER TYPE order_state RENAME VALUE 'returned' TO 'refunded';
