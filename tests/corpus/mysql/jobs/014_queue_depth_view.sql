CREATE VIEW queue_depth AS
    SELECT queue, state, COUNT(*) AS jobs, MIN(run_at) AS oldest
    FROM jobs GROUP BY queue, state;
