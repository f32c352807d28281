CREATE VIEW queue_depth AS
    SELECT queue, state, count(*) AS jobs, min(run_at) AS oldest
    FROM jobs GROUP BY queue, state;
