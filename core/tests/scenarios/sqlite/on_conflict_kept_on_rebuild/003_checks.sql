-- Rebuilds that leave the clauses alone; reverting rebuilds again and must keep them.
CREATE TABLE pairs_new (a INTEGER, b INTEGER CHECK (b >= 0), PRIMARY KEY (a, b) ON CONFLICT REPLACE);
INSERT INTO pairs_new SELECT a, b FROM pairs;
DROP TABLE pairs;
ALTER TABLE pairs_new RENAME TO pairs;
CREATE TABLE counters_new (id INTEGER PRIMARY KEY ON CONFLICT FAIL AUTOINCREMENT, n INTEGER CHECK (n >= 0));
INSERT INTO counters_new SELECT id, n FROM counters;
DROP TABLE counters;
ALTER TABLE counters_new RENAME TO counters;
