-- What production has that no migration made (see the PostgreSQL scenario of this name).
CREATE TABLE hotfix_flags (id INTEGER PRIMARY KEY, user_id INTEGER REFERENCES users (id), flag TEXT NOT NULL);
CREATE INDEX users_display_name_hand ON users (display_name);
CREATE INDEX users_team_email_hand ON users (team_id, email);
CREATE INDEX audit_at_hand ON audit (at);
