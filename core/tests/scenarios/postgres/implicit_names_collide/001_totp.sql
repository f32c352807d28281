CREATE TABLE totp (id serial PRIMARY KEY, secret text NOT NULL UNIQUE CHECK (secret <> ''), user_id integer);
CREATE TABLE accounts (id serial PRIMARY KEY);
ALTER TABLE totp ADD FOREIGN KEY (user_id) REFERENCES accounts (id);
