CREATE VIEW auth.active_users AS
    SELECT u.id, u.email, u.display_name FROM auth.users u WHERE u.state = 'active';
