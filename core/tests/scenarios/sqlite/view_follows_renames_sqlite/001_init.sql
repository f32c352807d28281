CREATE TABLE projects (id int PRIMARY KEY, name text NOT NULL);
CREATE TABLE memberships (project_id int NOT NULL REFERENCES projects (id), user_id int NOT NULL);
CREATE VIEW members AS SELECT m.project_id, m.user_id FROM memberships m WHERE m.user_id > 0;
CREATE VIEW project_names AS SELECT projects.id, projects.name FROM projects;
