DROP VIEW active_members;
CREATE VIEW active_members AS
    SELECT m.workspace_id, u.id AS user_id, u.email, u.display_name, m.role
    FROM memberships m JOIN users u ON u.id = m.user_id
    WHERE u.email <> '';
