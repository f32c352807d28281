-- A data migration as real projects write them: a temporary table of losers and winners, an
-- index on it, a helper function in pg_temp; none of it outlives the session.
CREATE TEMP TABLE merge_map AS
  SELECT u.id AS loser_id, w.keep_id
  FROM users u
  JOIN (SELECT lower(email) AS e, min(id) AS keep_id FROM users GROUP BY lower(email)) w ON w.e = lower(u.email)
  WHERE u.id <> w.keep_id;
CREATE INDEX ON merge_map (loser_id);
CREATE FUNCTION pg_temp.canonical(e text) RETURNS text LANGUAGE sql IMMUTABLE AS $$ SELECT lower(trim(e)) $$;
UPDATE logins SET user_id = m.keep_id FROM merge_map m WHERE logins.user_id = m.loser_id;
DELETE FROM users USING merge_map m WHERE users.id = m.loser_id;
UPDATE users SET email = pg_temp.canonical(email);
DROP FUNCTION pg_temp.canonical(text);
DROP TABLE merge_map;
CREATE UNIQUE INDEX users_email_key ON users (email);
