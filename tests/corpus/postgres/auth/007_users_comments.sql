-- Privileges are not part of the schema ebb tracks (a warning, no model change).
GRANT USAGE ON SCHEMA auth TO PUBLIC;
