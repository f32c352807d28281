ALTER TABLE authors RENAME TO writers;
ALTER TABLE posts RENAME COLUMN author_id TO writer_id;
