CREATE TABLE scores (id INTEGER PRIMARY KEY, player TEXT NOT NULL, points INTEGER NOT NULL);
CREATE VIEW leaderboard AS SELECT player, SUM(points) AS total FROM scores GROUP BY player;
