CREATE TABLE orders (
  id bigserial PRIMARY KEY,
  status text,
  placed_at timestamptz,
  total numeric(10,2) DEFAULT 0
);
