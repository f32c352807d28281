ALTER TABLE accounts DROP CONSTRAINT accounts_handle_key;
CREATE UNIQUE INDEX accounts_handle_lower ON accounts (lower(handle));
