CREATE TABLE products (
  id serial PRIMARY KEY,
  sku varchar(32) NOT NULL,
  legacy_code text,
  price numeric(8,2)
);
