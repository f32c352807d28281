ALTER TYPE status RENAME TO status_old;
CREATE TYPE status AS ENUM ('new', 'running', 'done');
ALTER TABLE jobs ALTER COLUMN s TYPE status USING s::text::status;
DROP TYPE status_old;
