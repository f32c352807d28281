ALTER TABLE users ADD COLUMN bio TEXT;
ALTER TABLE users ADD COLUMN team_id INTEGER REFERENCES teams (id);
CREATE INDEX users_team_idx ON users (team_id);
