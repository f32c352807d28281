CREATE SCHEMA auth;
CREATE TYPE auth.user_state AS ENUM ('pending', 'active');
CREATE TABLE auth.users (id int PRIMARY KEY, state auth.user_state NOT NULL DEFAULT 'pending');
