CREATE TABLE items (id integer PRIMARY KEY, code varchar(10) NOT NULL, qty smallint);
