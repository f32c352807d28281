-- SQLite rewrites the stored view text on both renames.
ALTER TABLE memberships RENAME COLUMN project_id TO workspace_id;
ALTER TABLE projects RENAME TO workspaces;
