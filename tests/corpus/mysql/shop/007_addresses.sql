CREATE TABLE addresses (
    id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
    customer_id BIGINT UNSIGNED NOT NULL,
    line1 VARCHAR(200) NOT NULL,
    city VARCHAR(100) NOT NULL,
    country CHAR(2) NOT NULL,
    postcode VARCHAR(16) NULL,
    CONSTRAINT addresses_customer_fk FOREIGN KEY (customer_id) REFERENCES customers (id) ON DELETE CASCADE
);
ALTER TABLE orders ADD COLUMN shipping_address_id BIGINT UNSIGNED NULL,
    ADD CONSTRAINT orders_address_fk FOREIGN KEY (shipping_address_id) REFERENCES addresses (id);
