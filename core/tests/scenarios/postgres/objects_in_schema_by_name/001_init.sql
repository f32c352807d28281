CREATE SCHEMA auth;
CREATE TYPE auth.kind AS ENUM ('login', 'logout');
CREATE TYPE auth.mood AS ENUM ('calm', 'busy');
CREATE TABLE auth.audit (id int PRIMARY KEY, kind auth.kind NOT NULL, at int, mood auth.mood);
CREATE INDEX audit_at ON auth.audit (at);
CREATE INDEX audit_mood ON auth.audit (mood);
