CREATE TABLE sales (id bigint PRIMARY KEY, region text NOT NULL, amount numeric NOT NULL);
