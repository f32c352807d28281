CREATE TABLE customers (
    id bigserial PRIMARY KEY,
    email varchar(254) NOT NULL UNIQUE,
    name text NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now()
);
