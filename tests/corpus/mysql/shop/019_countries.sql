CREATE TABLE countries (
    code CHAR(2) NOT NULL PRIMARY KEY,
    name VARCHAR(100) NOT NULL
);
INSERT INTO countries (code, name) VALUES ('DE', 'Germany'), ('FR', 'France'), ('NL', 'Netherlands');
