-- Lookups by e-mail ignore case: an expression index.
CREATE UNIQUE INDEX users_email_nocase ON users (lower(email));
