-- A description with a length limit: SQLite adds a CHECK only by rebuilding the table, which
-- must keep the IGNORE conflict clause of its unique name.
CREATE TABLE roles_new (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL,
    description TEXT NOT NULL DEFAULT '' CHECK (length(description) <= 255),
    UNIQUE (name) ON CONFLICT IGNORE
);
INSERT INTO roles_new (id, name) SELECT id, name FROM roles;
DROP TABLE roles;
ALTER TABLE roles_new RENAME TO roles;
