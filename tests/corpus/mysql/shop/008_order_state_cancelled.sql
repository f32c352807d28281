ALTER TABLE orders MODIFY state ENUM('cart', 'placed', 'shipped', 'delivered', 'returned', 'cancelled') NOT NULL DEFAULT 'cart';
