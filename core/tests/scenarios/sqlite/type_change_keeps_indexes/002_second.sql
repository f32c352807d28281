CREATE TABLE readings_new (id INTEGER PRIMARY KEY, sensor TEXT NOT NULL, value REAL NOT NULL);
INSERT INTO readings_new SELECT id, sensor, value FROM readings;
DROP TABLE readings;
ALTER TABLE readings_new RENAME TO readings;
CREATE INDEX readings_sensor ON readings (sensor);
