CREATE TABLE customers (
  id bigint PRIMARY KEY,
  email text NOT NULL,
  fax text,
  vip boolean NOT NULL DEFAULT false
);
CREATE INDEX customers_fax ON customers (fax);
