UPDATE products SET sku = UPPER(sku);
ALTER TABLE products ADD CONSTRAINT products_sku_upper CHECK (sku = UPPER(sku));
