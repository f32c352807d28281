CREATE TABLE reactions (
    post_id bigint NOT NULL REFERENCES posts (id) ON DELETE CASCADE,
    account_id integer NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    emoji varchar(16) NOT NULL,
    PRIMARY KEY (post_id, account_id, emoji)
);
