PRAGMA foreign_keys = OFF;
CREATE TABLE b (id INTEGER PRIMARY KEY, a_id INTEGER REFERENCES a (id));
PRAGMA foreign_keys = ON;
