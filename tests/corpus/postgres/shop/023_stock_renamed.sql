ALTER TABLE warehouse.stock RENAME COLUMN on_hand TO available;
ALTER TABLE warehouse.stock RENAME CONSTRAINT stock_not_oversold TO stock_reserved_within_available;
