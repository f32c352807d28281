CREATE TABLE authors (id bigserial PRIMARY KEY, name text NOT NULL);
CREATE TABLE posts (
  id bigserial PRIMARY KEY,
  author_id bigint NOT NULL REFERENCES authors (id),
  title varchar(120) NOT NULL,
  body text
);
