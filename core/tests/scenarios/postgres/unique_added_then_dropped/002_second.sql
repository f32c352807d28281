DROP INDEX members_team_handle;
ALTER TABLE members ADD CONSTRAINT members_handle_key UNIQUE (handle);
