ALTER TABLE posts ADD COLUMN search tsvector GENERATED ALWAYS AS (to_tsvector('simple', body)) STORED;
CREATE INDEX posts_search ON posts USING gin (search);
