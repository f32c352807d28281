CREATE INDEX posts_author ON posts (author_id) WHERE author_id IS NOT NULL;
