CREATE TABLE stock (
    product_id INT UNSIGNED NOT NULL PRIMARY KEY,
    on_hand INT NOT NULL DEFAULT 0,
    reserved INT NOT NULL DEFAULT 0,
    CONSTRAINT stock_not_oversold CHECK (reserved <= on_hand),
    CONSTRAINT stock_product_fk FOREIGN KEY (product_id) REFERENCES products (id) ON DELETE CASCADE
);
