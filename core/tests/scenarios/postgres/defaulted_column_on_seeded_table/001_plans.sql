CREATE TABLE plans (id serial PRIMARY KEY, name text NOT NULL);
INSERT INTO plans (name) VALUES ('free'), ('team'), ('enterprise');
