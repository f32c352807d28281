CREATE TABLE tickets (id int PRIMARY KEY, state enum('open','closed') NOT NULL);
