-- A job queue's partial unique index (the shape a real SQLite history writes): which states
-- count is a bit mask, tested with & and <<.
CREATE UNIQUE INDEX jobs_unique_key ON jobs (unique_key)
  WHERE unique_key IS NOT NULL
    AND unique_states IS NOT NULL
    AND CASE state
          WHEN 'available' THEN unique_states & (1 << 0)
          WHEN 'completed' THEN unique_states & (1 << 1)
          WHEN 'running' THEN unique_states & (1 << 2)
          ELSE 0
        END >= 1;
