CREATE TABLE counters (id int PRIMARY KEY, n int NOT NULL DEFAULT 0, touched datetime NULL);
