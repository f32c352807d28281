CREATE PROCEDURE auth.lock_user(p_id bigint) LANGUAGE sql AS $$
    UPDATE auth.users SET state = 'locked' WHERE id = p_id;
$$;
