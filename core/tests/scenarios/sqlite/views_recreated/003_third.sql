CREATE VIEW IF NOT EXISTS top_players AS SELECT player FROM leaderboard WHERE total > 100;
