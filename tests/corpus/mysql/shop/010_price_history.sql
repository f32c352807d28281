CREATE TABLE price_history (
    id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
    product_id INT UNSIGNED NOT NULL,
    old_price DECIMAL(10, 2) NULL,
    new_price DECIMAL(10, 2) NOT NULL,
    changed_at DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT price_history_product_fk FOREIGN KEY (product_id) REFERENCES products (id) ON DELETE CASCADE
);
DELIMITER //
CREATE TRIGGER products_price_history AFTER UPDATE ON products FOR EACH ROW
BEGIN
    IF NEW.price <> OLD.price THEN
        INSERT INTO price_history (product_id, old_price, new_price) VALUES (NEW.id, OLD.price, NEW.price);
    END IF;
END //
DELIMITER ;
