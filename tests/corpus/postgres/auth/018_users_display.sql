ALTER TABLE auth.users ADD COLUMN display_name varchar(100);
COMMENT ON COLUMN auth.users.display_name IS 'Shown instead of the e-mail address';
