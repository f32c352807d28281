INSERT INTO queues (name) VALUES ('default'), ('mail');
