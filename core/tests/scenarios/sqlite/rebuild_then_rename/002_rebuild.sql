-- The copy takes over the table's identity: reverting this rebuilds, it does not drop.
CREATE TABLE projects_new (id INTEGER PRIMARY KEY, name VARCHAR(200) NOT NULL, archived INTEGER NOT NULL DEFAULT 0);
INSERT INTO projects_new (id, name) SELECT id, name FROM projects;
DROP TABLE projects;
ALTER TABLE projects_new RENAME TO projects;
