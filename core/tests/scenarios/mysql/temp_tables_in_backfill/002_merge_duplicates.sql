CREATE TEMPORARY TABLE merge_map (loser_id int NOT NULL, keep_id int NOT NULL);
ALTER TABLE merge_map ADD INDEX (loser_id);
INSERT INTO merge_map SELECT u.id, w.keep_id FROM users u JOIN (SELECT lower(email) AS e, min(id) AS keep_id FROM users GROUP BY lower(email)) w ON w.e = lower(u.email) WHERE u.id <> w.keep_id;
DELETE users FROM users JOIN merge_map m ON users.id = m.loser_id;
DROP TEMPORARY TABLE merge_map;
CREATE UNIQUE INDEX users_email_key ON users (email);
