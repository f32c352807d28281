CREATE TABLE readings (id INTEGER PRIMARY KEY, sensor TEXT NOT NULL, value INTEGER NOT NULL);
CREATE INDEX readings_sensor ON readings (sensor);
CREATE UNIQUE INDEX readings_sensor_id ON readings (sensor, id);
