CREATE TABLE products (id int PRIMARY KEY, sku text, price numeric CHECK (price > 0), CONSTRAINT products_sku_uq UNIQUE (sku));
