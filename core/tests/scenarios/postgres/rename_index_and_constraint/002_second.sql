ALTER INDEX accounts_email_idx RENAME TO accounts_email_uniq;
ALTER TABLE accounts RENAME CONSTRAINT accounts_balance_nonneg TO balance_not_negative;
