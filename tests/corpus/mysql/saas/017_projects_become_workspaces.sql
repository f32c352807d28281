RENAME TABLE projects TO workspaces;
ALTER TABLE memberships CHANGE project_id workspace_id INT NOT NULL;
-- MariaDB views keep their text: a view that read the old column must be rewritten.
CREATE OR REPLACE VIEW active_members AS
    SELECT m.workspace_id AS project_id, u.id AS user_id, u.email, m.role
    FROM memberships m JOIN users u ON u.id = m.user_id;
