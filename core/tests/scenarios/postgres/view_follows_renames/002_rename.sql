-- PostgreSQL views follow both renames: at 002 they read workspaces.* and m.workspace_id.
ALTER TABLE memberships RENAME COLUMN project_id TO workspace_id;
ALTER TABLE projects RENAME TO workspaces;
