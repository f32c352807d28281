CREATE TABLE prices (id int PRIMARY KEY, amount decimal(10,2) NOT NULL CHECK (amount >= 0), currency char(3) NOT NULL DEFAULT 'EUR');
ALTER TABLE prices ADD COLUMN valid_from date NULL AFTER amount, ADD CONSTRAINT currency_len CHECK (char_length(currency) = 3);
ALTER TABLE prices DROP COLUMN valid_from;
ALTER TABLE prices CONVERT TO CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci;
