ALTER INDEX accounts_email_live RENAME TO accounts_email_uq;
DROP INDEX accounts_deleted_at_idx;
