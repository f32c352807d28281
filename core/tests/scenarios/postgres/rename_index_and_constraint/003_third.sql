ALTER TABLE accounts RENAME TO ledger_accounts;
ALTER INDEX accounts_email_uniq RENAME TO ledger_accounts_email_uniq;
