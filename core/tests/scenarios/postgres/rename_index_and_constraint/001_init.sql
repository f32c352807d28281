CREATE TABLE accounts (
  id bigint PRIMARY KEY,
  email text NOT NULL,
  balance numeric(12,2) NOT NULL DEFAULT 0,
  CONSTRAINT accounts_balance_nonneg CHECK (balance >= 0)
);
CREATE UNIQUE INDEX accounts_email_idx ON accounts (email);
