-- Failed jobs stay in jobs with state 'failed'; the side table is gone.
DROP TABLE dead_letters;
ALTER TABLE jobs ADD COLUMN finished_at timestamptz;
