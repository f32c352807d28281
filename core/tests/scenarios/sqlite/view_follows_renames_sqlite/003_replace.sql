-- Reverting this must recreate both views as the server held them at 002.
DROP VIEW members;
CREATE VIEW members AS SELECT m.workspace_id, m.user_id FROM memberships m;
DROP VIEW project_names;
