DO $$
BEGIN
    UPDATE auth.users SET state = 'active' WHERE state = 'pending' AND created_at < now() - interval '30 days';
END
$$;
