ALTER TABLE tickets MODIFY state enum('open','pending','closed') NOT NULL;
