ALTER TABLE people DROP COLUMN full_name;
ALTER TABLE people ADD COLUMN initials text GENERATED ALWAYS AS (left(first_name, 1) || left(last_name, 1)) STORED;
