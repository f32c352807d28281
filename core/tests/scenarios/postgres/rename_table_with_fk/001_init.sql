CREATE TABLE authors (id bigserial PRIMARY KEY, name text);
CREATE TABLE posts (id bigserial PRIMARY KEY, author_id bigint NOT NULL REFERENCES authors (id) ON DELETE CASCADE, title text NOT NULL);
