ALTER TABLE stock RENAME COLUMN on_hand TO available;
ALTER TABLE stock RENAME TO inventory;
