CREATE TABLE accounts (
  id bigint PRIMARY KEY,
  email text NOT NULL,
  balance numeric(12,2) NOT NULL DEFAULT 0,
  CONSTRAINT accounts_balance_nonneg CHECK (balance >= 0)
);
CREATE UNIQUE INDEX accounts_email_idx ON accounts (email);
ALTER INDEX accounts_email_idx RENAME TO accounts_email_uniq;
ALTER TABLE accounts RENAME CONSTRAINT accounts_balance_nonneg TO balance_not_negative;
ALTER TABLE accounts RENAME TO ledger_accounts;
ALTER INDEX accounts_email_uniq RENAME TO ledger_accounts_email_uniq;
