CREATE TABLE docs (id INTEGER PRIMARY KEY, body TEXT, updated_at TEXT);
CREATE TRIGGER docs_touch AFTER UPDATE OF body ON docs BEGIN
  UPDATE docs SET updated_at = datetime('now') WHERE id = NEW.id;
END;
DROP TRIGGER docs_touch;
CREATE TRIGGER docs_touch AFTER UPDATE ON docs WHEN OLD.body IS NOT NEW.body BEGIN
  UPDATE docs SET updated_at = datetime('now') WHERE id = NEW.id;
END;
DROP TRIGGER IF EXISTS docs_touch;
