CREATE TABLE auth.user_roles (
    user_id bigint NOT NULL REFERENCES auth.users (id) ON DELETE CASCADE,
    role_id smallint NOT NULL REFERENCES auth.roles (id) ON DELETE CASCADE,
    granted_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (user_id, role_id)
);
