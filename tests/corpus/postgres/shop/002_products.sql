CREATE TABLE products (
    id serial PRIMARY KEY,
    sku varchar(32) NOT NULL UNIQUE,
    title text NOT NULL,
    price numeric(10, 2) NOT NULL CHECK (price >= 0),
    active boolean NOT NULL DEFAULT true
);
