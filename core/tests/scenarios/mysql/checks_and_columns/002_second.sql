ALTER TABLE prices ADD COLUMN valid_from date NULL AFTER amount, ADD CONSTRAINT currency_len CHECK (char_length(currency) = 3);
