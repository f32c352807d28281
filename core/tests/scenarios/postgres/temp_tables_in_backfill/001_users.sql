CREATE TABLE users (id serial PRIMARY KEY, email text NOT NULL);
CREATE TABLE logins (id serial PRIMARY KEY, user_id integer NOT NULL REFERENCES users (id), at timestamptz NOT NULL DEFAULT now());
