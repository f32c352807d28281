ALTER TABLE posts RENAME COLUMN body TO content;
CREATE INDEX posts_author_idx ON posts (author_id);
