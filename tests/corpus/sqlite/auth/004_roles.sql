CREATE TABLE roles (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL,
    UNIQUE (name) ON CONFLICT IGNORE
);
INSERT INTO roles (name) VALUES ('admin'), ('member');
