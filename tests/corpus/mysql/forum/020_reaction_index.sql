-- ebb:txmode none
CREATE INDEX reactions_account ON reactions (account_id, emoji);
