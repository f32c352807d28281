CREATE TABLE counters (
  id int NOT NULL,
  hits int NOT NULL DEFAULT 0,
  PRIMARY KEY (id)
);
