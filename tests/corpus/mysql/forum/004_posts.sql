CREATE TABLE posts (
    id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
    thread_id BIGINT UNSIGNED NOT NULL,
    author_id INT UNSIGNED NULL,
    body MEDIUMTEXT NOT NULL,
    created_at DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    KEY posts_thread (thread_id, id),
    CONSTRAINT posts_thread_fk FOREIGN KEY (thread_id) REFERENCES threads (id) ON DELETE CASCADE,
    CONSTRAINT posts_author_fk FOREIGN KEY (author_id) REFERENCES accounts (id) ON DELETE SET NULL
);
