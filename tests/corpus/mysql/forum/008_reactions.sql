CREATE TABLE reactions (
    post_id BIGINT UNSIGNED NOT NULL,
    account_id INT UNSIGNED NOT NULL,
    emoji VARCHAR(16) NOT NULL,
    PRIMARY KEY (post_id, account_id, emoji),
    CONSTRAINT reactions_post_fk FOREIGN KEY (post_id) REFERENCES posts (id) ON DELETE CASCADE,
    CONSTRAINT reactions_account_fk FOREIGN KEY (account_id) REFERENCES accounts (id) ON DELETE CASCADE
);
