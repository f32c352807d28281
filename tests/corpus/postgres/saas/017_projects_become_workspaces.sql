ALTER TABLE projects RENAME TO workspaces;
ALTER TABLE workspaces RENAME CONSTRAINT projects_name_per_tenant TO workspaces_name_per_tenant;
ALTER TABLE memberships RENAME COLUMN project_id TO workspace_id;
