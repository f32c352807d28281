CREATE TYPE status AS ENUM ('new', 'done');
CREATE TABLE jobs (id int PRIMARY KEY, s status);
