CREATE TABLE tags (id integer PRIMARY KEY, label text NOT NULL UNIQUE);
ALTER TABLE posts ADD COLUMN published boolean NOT NULL DEFAULT false;
UPDATE posts SET published = true;
