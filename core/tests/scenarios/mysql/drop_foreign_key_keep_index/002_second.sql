ALTER TABLE players DROP FOREIGN KEY players_team_fk;
