CREATE TABLE posts_new (id INTEGER PRIMARY KEY, title TEXT NOT NULL DEFAULT '', body TEXT);
INSERT INTO posts_new (id, title, body) SELECT id, COALESCE(title, ''), body FROM posts;
DROP TABLE posts;
ALTER TABLE posts_new RENAME TO posts;
