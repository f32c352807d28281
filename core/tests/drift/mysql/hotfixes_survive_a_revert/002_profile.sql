ALTER TABLE users ADD COLUMN bio text;
ALTER TABLE users ADD COLUMN team_id bigint, ADD CONSTRAINT users_team_fk FOREIGN KEY (team_id) REFERENCES teams (id);
