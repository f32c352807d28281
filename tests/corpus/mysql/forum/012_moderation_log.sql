CREATE TABLE moderation_log (
    id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
    moderator_id INT UNSIGNED NOT NULL,
    thread_id BIGINT UNSIGNED NULL,
    action ENUM('lock', 'pin', 'move', 'delete') NOT NULL,
    reason TEXT NULL,
    at DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT moderation_moderator_fk FOREIGN KEY (moderator_id) REFERENCES accounts (id),
    CONSTRAINT moderation_thread_fk FOREIGN KEY (thread_id) REFERENCES threads (id) ON DELETE SET NULL
);
