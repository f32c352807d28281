CREATE TABLE addresses (
    id INTEGER PRIMARY KEY,
    customer_id INTEGER NOT NULL REFERENCES customers (id) ON DELETE CASCADE,
    line1 TEXT NOT NULL,
    city TEXT NOT NULL,
    country CHAR(2) NOT NULL,
    postcode VARCHAR(16)
);
ALTER TABLE orders ADD COLUMN shipping_address_id INTEGER REFERENCES addresses (id);
