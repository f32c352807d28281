ALTER TABLE projects RENAME TO workspaces;
