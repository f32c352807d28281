ALTER TYPE order_state ADD VALUE 'cancelled';
