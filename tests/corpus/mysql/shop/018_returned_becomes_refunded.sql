ALTER TABLE orders MODIFY state ENUM('cart', 'placed', 'shipped', 'delivered', 'returned', 'refunded', 'cancelled') NOT NULL DEFAULT 'cart';
UPDATE orders SET state = 'refunded' WHERE state = 'returned';
ALTER TABLE orders MODIFY state ENUM('cart', 'placed', 'shipped', 'delivered', 'refunded', 'cancelled') NOT NULL DEFAULT 'cart';
