CREATE TABLE docs (id INTEGER PRIMARY KEY, body TEXT, updated_at TEXT);
CREATE TRIGGER docs_touch AFTER UPDATE OF body ON docs BEGIN
  UPDATE docs SET updated_at = datetime('now') WHERE id = NEW.id;
END;
