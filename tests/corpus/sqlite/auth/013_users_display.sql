ALTER TABLE users ADD COLUMN display_name TEXT CHECK (length(display_name) <= 100);
