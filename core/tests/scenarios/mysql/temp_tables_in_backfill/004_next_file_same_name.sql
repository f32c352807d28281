-- The next file takes the same temporary name: file 003 never dropped its table, and one
-- `migrate apply` runs both on one connection, as replay runs each file in a session of its own.
CREATE TEMPORARY TABLE merge_map (loser_id int);
INSERT INTO merge_map SELECT id FROM users WHERE verified = 0;
ALTER TABLE users ADD COLUMN verified_at datetime NULL;
