ALTER TABLE auth.sessions DROP COLUMN ip;
