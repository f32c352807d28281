CREATE TYPE auth.audit_kind AS ENUM ('login', 'logout', 'password_change');
CREATE TABLE auth.audit (
    id bigserial PRIMARY KEY,
    user_id bigint REFERENCES auth.users (id) ON DELETE SET NULL,
    kind auth.audit_kind NOT NULL,
    at timestamptz NOT NULL DEFAULT now()
);
