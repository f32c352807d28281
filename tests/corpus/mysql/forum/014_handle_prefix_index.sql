ALTER TABLE accounts DROP INDEX accounts_handle_key;
CREATE UNIQUE INDEX accounts_handle ON accounts (handle);
CREATE INDEX accounts_email_prefix ON accounts (email(16));
