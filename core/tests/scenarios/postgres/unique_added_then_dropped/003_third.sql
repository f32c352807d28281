ALTER TABLE members DROP CONSTRAINT members_handle_key;
