CREATE TABLE auth.roles (
    id smallserial PRIMARY KEY,
    name varchar(40) NOT NULL UNIQUE
);
INSERT INTO auth.roles (name) VALUES ('admin'), ('member');
