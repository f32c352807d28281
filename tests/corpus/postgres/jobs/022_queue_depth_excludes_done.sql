CREATE OR REPLACE VIEW queue_depth AS
    SELECT queue, state, count(*) AS jobs, min(run_at) AS oldest
    FROM jobs WHERE state <> 'done' GROUP BY queue, state;
