-- ebb:txmode none
CREATE INDEX CONCURRENTLY reactions_account ON reactions (account_id);
