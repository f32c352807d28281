CREATE TYPE auth.user_state AS ENUM ('pending', 'active', 'locked');
ALTER TABLE auth.users ADD COLUMN state auth.user_state NOT NULL DEFAULT 'pending';
