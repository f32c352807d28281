-- The same temporary name again; this one is never dropped by hand (it ends with the session).
CREATE TEMPORARY TABLE merge_map (loser_id integer, keep_id integer);
ALTER TABLE merge_map ADD COLUMN note text;
ALTER TABLE users ADD COLUMN verified boolean NOT NULL DEFAULT false;
