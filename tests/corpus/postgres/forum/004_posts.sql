CREATE TABLE posts (
    id bigserial PRIMARY KEY,
    thread_id bigint NOT NULL REFERENCES threads (id) ON DELETE CASCADE,
    author_id integer REFERENCES accounts (id) ON DELETE SET NULL,
    body text NOT NULL,
    created_at timestamp NOT NULL DEFAULT CURRENT_TIMESTAMP
);
CREATE INDEX posts_thread ON posts (thread_id, id);
