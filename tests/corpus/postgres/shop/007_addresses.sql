CREATE TABLE addresses (
    id bigserial PRIMARY KEY,
    customer_id bigint NOT NULL REFERENCES customers (id) ON DELETE CASCADE,
    line1 text NOT NULL,
    city text NOT NULL,
    country char(2) NOT NULL,
    postcode varchar(16)
);
ALTER TABLE orders ADD COLUMN shipping_address_id bigint REFERENCES addresses (id);
