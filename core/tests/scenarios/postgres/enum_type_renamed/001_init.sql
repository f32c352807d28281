CREATE TYPE shipping_state AS ENUM ('pending', 'shipped');
CREATE TABLE shipments (id bigint PRIMARY KEY, state shipping_state NOT NULL DEFAULT 'pending');
