CREATE TABLE prices (id int PRIMARY KEY, amount decimal(10,2) NOT NULL CHECK (amount >= 0), currency char(3) NOT NULL DEFAULT 'EUR');
