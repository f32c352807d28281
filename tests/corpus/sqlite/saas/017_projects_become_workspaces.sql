ALTER TABLE projects RENAME TO workspaces;
ALTER TABLE memberships RENAME COLUMN project_id TO workspace_id;
