CREATE TABLE users (id bigserial PRIMARY KEY, email text NOT NULL, name text);
CREATE TABLE teams (id bigserial PRIMARY KEY, title text NOT NULL);
