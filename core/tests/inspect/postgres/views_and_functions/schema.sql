CREATE TABLE orders (id int PRIMARY KEY, total numeric(10,2) NOT NULL, created_at timestamptz NOT NULL DEFAULT now());
CREATE VIEW big_orders AS SELECT id, total FROM orders WHERE total > 100;
CREATE FUNCTION touch() RETURNS trigger AS $$
BEGIN
  NEW.created_at = now();
  RETURN NEW;
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER orders_touch BEFORE UPDATE ON orders FOR EACH ROW EXECUTE FUNCTION touch();
CREATE OR REPLACE VIEW big_orders AS SELECT id, total FROM orders WHERE total > 500;
ALTER TABLE orders ADD COLUMN note text;
