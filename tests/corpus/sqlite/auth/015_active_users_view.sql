CREATE VIEW active_users AS
    SELECT id, email, display_name FROM users WHERE state = 'active';
