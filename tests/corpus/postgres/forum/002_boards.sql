CREATE TABLE boards (
    id serial PRIMARY KEY,
    slug varchar(40) NOT NULL UNIQUE,
    title text NOT NULL,
    position smallint NOT NULL DEFAULT 0
);
