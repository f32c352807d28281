UPDATE products SET sku = upper(sku);
ALTER TABLE products ADD CONSTRAINT products_sku_upper CHECK (sku = upper(sku));
