ALTER TABLE accounts ADD COLUMN bio TEXT CHECK (length(bio) <= 280);
