ALTER TABLE projects ADD COLUMN updated_at TEXT;
CREATE TRIGGER projects_touch AFTER UPDATE OF name, archived ON projects
BEGIN
    UPDATE projects SET updated_at = CURRENT_TIMESTAMP WHERE id = NEW.id;
END;
