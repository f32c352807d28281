ALTER TABLE stock CHANGE on_hand available INT NOT NULL DEFAULT 0;
RENAME TABLE stock TO inventory;
