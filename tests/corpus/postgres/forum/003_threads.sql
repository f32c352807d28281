CREATE TABLE threads (
    id bigserial PRIMARY KEY,
    board_id integer NOT NULL REFERENCES boards (id),
    author_id integer REFERENCES accounts (id) ON DELETE SET NULL,
    subject varchar(120) NOT NULL,
    created_at timestamp NOT NULL DEFAULT CURRENT_TIMESTAMP
);
CREATE INDEX threads_board ON threads (board_id, created_at DESC);
