CREATE TEMP TABLE merge_map AS SELECT u.id AS loser_id, (SELECT min(id) FROM users w WHERE lower(w.email) = lower(u.email)) AS keep_id FROM users u;
CREATE INDEX merge_map_loser ON merge_map (loser_id);
DELETE FROM users WHERE id IN (SELECT loser_id FROM merge_map WHERE loser_id <> keep_id);
DROP TABLE merge_map;
CREATE UNIQUE INDEX users_email_key ON users (email);
