CREATE TYPE member_role AS ENUM ('owner', 'admin', 'member');
CREATE TABLE memberships (
    project_id integer NOT NULL REFERENCES projects (id) ON DELETE CASCADE,
    user_id bigint NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    role member_role NOT NULL DEFAULT 'member',
    PRIMARY KEY (project_id, user_id)
);
