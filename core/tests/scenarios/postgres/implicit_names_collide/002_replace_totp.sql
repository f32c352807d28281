-- The old table is kept as a backup; PostgreSQL's names do not follow a renamed table, so
-- the new table's sequence, keys and constraints get numbered names (totp_id_seq1, …).
ALTER TABLE totp RENAME TO totp_backup;
CREATE TABLE totp (
  id serial PRIMARY KEY,
  secret text NOT NULL UNIQUE CHECK (secret <> ''),
  user_id integer REFERENCES accounts (id),
  label text
);
CREATE INDEX ON totp (user_id);
CREATE INDEX ON totp (user_id);
