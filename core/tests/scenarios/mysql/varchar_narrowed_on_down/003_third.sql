ALTER TABLE cities MODIFY name text NOT NULL;
