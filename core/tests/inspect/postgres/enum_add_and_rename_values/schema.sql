CREATE TYPE mood AS ENUM ('sad', 'ok');
CREATE TABLE people (id int PRIMARY KEY, m mood NOT NULL DEFAULT 'ok');
ALTER TYPE mood ADD VALUE 'happy';
ALTER TYPE mood ADD VALUE 'meh' BEFORE 'ok';
ALTER TYPE mood RENAME VALUE 'sad' TO 'blue';
