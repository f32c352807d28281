CREATE TABLE boxes (
  id int NOT NULL PRIMARY KEY,
  width int NOT NULL,
  height int NOT NULL
);
ALTER TABLE boxes ADD COLUMN area int GENERATED ALWAYS AS (width * height) VIRTUAL;
ALTER TABLE boxes ADD COLUMN perimeter int AS (2 * (width + height)) STORED;
