DROP VIEW active_users;
CREATE VIEW active_users AS
    SELECT id, email, display_name, state FROM users WHERE state IN ('active', 'locked');
