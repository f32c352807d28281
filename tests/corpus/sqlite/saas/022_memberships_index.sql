CREATE INDEX memberships_user ON memberships (user_id);
