CREATE TABLE wishlists (
    customer_id BIGINT UNSIGNED NOT NULL,
    product_id INT UNSIGNED NOT NULL,
    added_at DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    PRIMARY KEY (customer_id, product_id),
    CONSTRAINT wishlists_customer_fk FOREIGN KEY (customer_id) REFERENCES customers (id) ON DELETE CASCADE,
    CONSTRAINT wishlists_product_fk FOREIGN KEY (product_id) REFERENCES products (id) ON DELETE CASCADE
) COMMENT='Saved for later';
