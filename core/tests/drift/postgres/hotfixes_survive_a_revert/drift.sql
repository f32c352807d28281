-- What production has that no migration made: a hotfix table with its own key to a history
-- table, an index on a renamed column and one on a column a revert drops, a default changed
-- by hand on a column the history never changes again, a check on the renamed table.
CREATE TABLE hotfix_flags (id bigserial PRIMARY KEY, user_id bigint REFERENCES users (id), flag text NOT NULL);
CREATE INDEX users_display_name_hand ON users (display_name);
CREATE INDEX users_team_email_hand ON users (team_id, email);
CREATE INDEX audit_at_hand ON audit (at);
ALTER TABLE users ALTER COLUMN display_name SET DEFAULT 'anonymous';
ALTER TABLE squads ADD CONSTRAINT squads_title_not_blank CHECK (title <> '');
