CREATE TABLE teams (id int NOT NULL PRIMARY KEY);
CREATE TABLE players (
  id int NOT NULL PRIMARY KEY,
  team_id int NOT NULL,
  CONSTRAINT players_team_fk FOREIGN KEY (team_id) REFERENCES teams (id) ON DELETE CASCADE
);
