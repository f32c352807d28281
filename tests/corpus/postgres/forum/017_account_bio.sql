ALTER TABLE accounts ADD COLUMN bio varchar(280);
ALTER TABLE accounts ADD CONSTRAINT accounts_bio_length CHECK (char_length(bio) <= 280);
