ALTER TABLE products DROP CONSTRAINT products_price_check;
ALTER TABLE products ADD CONSTRAINT price_nonneg CHECK (price >= 0);
ALTER TABLE products RENAME CONSTRAINT products_sku_uq TO products_sku_key2;
