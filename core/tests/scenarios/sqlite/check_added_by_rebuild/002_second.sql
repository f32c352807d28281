CREATE TABLE accounts_new (
  id INTEGER PRIMARY KEY,
  balance INTEGER NOT NULL DEFAULT 0,
  CONSTRAINT balance_nonneg CHECK (balance >= 0)
);
INSERT INTO accounts_new SELECT id, balance FROM accounts;
DROP TABLE accounts;
ALTER TABLE accounts_new RENAME TO accounts;
