CREATE TABLE tickets (id int PRIMARY KEY, status enum('new', 'done') NOT NULL DEFAULT 'new');
