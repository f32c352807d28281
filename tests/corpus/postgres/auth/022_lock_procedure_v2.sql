DROP PROCEDURE auth.lock_user(bigint);
CREATE PROCEDURE auth.lock_user(p_id bigint, p_reason text) LANGUAGE sql AS $$
    UPDATE auth.users SET state = 'locked' WHERE id = p_id;
$$;
