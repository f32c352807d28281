CREATE SEQUENCE order_number_seq START WITH 100000;
ALTER TABLE orders ADD COLUMN number bigint NOT NULL DEFAULT nextval('order_number_seq');
ALTER TABLE orders ADD CONSTRAINT orders_number_key UNIQUE (number);
