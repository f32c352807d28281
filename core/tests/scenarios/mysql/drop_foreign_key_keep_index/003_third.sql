ALTER TABLE players DROP INDEX players_team_fk;
