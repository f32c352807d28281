CREATE VIEW active_members AS
    SELECT m.project_id, u.id AS user_id, u.email, m.role
    FROM memberships m JOIN users u ON u.id = m.user_id;
