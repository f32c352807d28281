ALTER TABLE documents ALTER COLUMN version DROP DEFAULT;
ALTER TABLE documents ALTER COLUMN version TYPE integer USING version::integer;
ALTER TABLE documents ALTER COLUMN version SET DEFAULT 1;
ALTER TABLE documents ADD COLUMN scores integer[];
