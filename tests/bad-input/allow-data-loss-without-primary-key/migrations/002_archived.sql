ALTER TABLE notes ADD COLUMN archived integer;
