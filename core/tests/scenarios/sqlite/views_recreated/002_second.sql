DROP VIEW leaderboard;
CREATE VIEW leaderboard AS SELECT player, SUM(points) AS total, COUNT(*) AS games FROM scores GROUP BY player;
