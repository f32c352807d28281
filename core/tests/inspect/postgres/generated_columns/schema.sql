CREATE TABLE people (
  id bigint PRIMARY KEY,
  first_name text NOT NULL,
  last_name text NOT NULL
);
ALTER TABLE people ADD COLUMN full_name text GENERATED ALWAYS AS (first_name || ' ' || last_name) STORED;
ALTER TABLE people DROP COLUMN full_name;
ALTER TABLE people ADD COLUMN initials text GENERATED ALWAYS AS (left(first_name, 1) || left(last_name, 1)) STORED;
