CREATE TABLE orders (
    id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
    customer_id BIGINT UNSIGNED NOT NULL,
    state ENUM('cart', 'placed', 'shipped', 'delivered', 'returned') NOT NULL DEFAULT 'cart',
    placed_at DATETIME NULL,
    total DECIMAL(12, 2) NOT NULL DEFAULT 0,
    KEY orders_customer (customer_id),
    CONSTRAINT orders_customer_fk FOREIGN KEY (customer_id) REFERENCES customers (id)
);
