ALTER TABLE products
  ADD COLUMN name text NOT NULL DEFAULT '',
  DROP COLUMN legacy_code,
  ALTER COLUMN sku TYPE varchar(64),
  ALTER COLUMN price SET NOT NULL,
  ADD CONSTRAINT products_sku_key UNIQUE (sku);
