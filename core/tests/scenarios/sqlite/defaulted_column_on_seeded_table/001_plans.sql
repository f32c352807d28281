CREATE TABLE plans (id INTEGER PRIMARY KEY, name TEXT NOT NULL);
INSERT INTO plans (name) VALUES ('free'), ('team'), ('enterprise');
