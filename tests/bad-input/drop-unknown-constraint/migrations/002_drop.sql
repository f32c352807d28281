ALTER TABLE users DROP CONSTRAINT users_name_check;
