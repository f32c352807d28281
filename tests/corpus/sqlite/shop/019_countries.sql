CREATE TABLE countries (
    code CHAR(2) PRIMARY KEY,
    name TEXT NOT NULL
) WITHOUT ROWID;
INSERT INTO countries (code, name) VALUES ('DE', 'Germany'), ('FR', 'France'), ('NL', 'Netherlands');
