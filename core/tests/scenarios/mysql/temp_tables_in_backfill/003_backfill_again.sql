CREATE TEMPORARY TABLE merge_map (loser_id int, keep_id int);
ALTER TABLE users ADD COLUMN verified tinyint(1) NOT NULL DEFAULT 0;
