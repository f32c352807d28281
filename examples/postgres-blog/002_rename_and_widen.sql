ALTER TABLE posts RENAME COLUMN body TO content;
ALTER TABLE posts ALTER COLUMN title TYPE varchar(300);
CREATE INDEX posts_author_idx ON posts (author_id);
