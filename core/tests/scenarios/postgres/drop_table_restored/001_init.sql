CREATE TABLE tags (id serial PRIMARY KEY, label text NOT NULL UNIQUE);
CREATE TABLE post_tags (tag_id int NOT NULL REFERENCES tags (id), post int NOT NULL, PRIMARY KEY (tag_id, post));
