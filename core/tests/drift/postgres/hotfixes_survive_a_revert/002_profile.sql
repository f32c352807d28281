ALTER TABLE users ADD COLUMN bio text;
ALTER TABLE users ADD COLUMN team_id bigint REFERENCES teams (id);
CREATE INDEX users_team_idx ON users (team_id);
