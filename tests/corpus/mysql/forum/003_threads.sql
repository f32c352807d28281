CREATE TABLE threads (
    id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
    board_id INT UNSIGNED NOT NULL,
    author_id INT UNSIGNED NULL,
    subject VARCHAR(120) NOT NULL,
    created_at DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    KEY threads_board (board_id, created_at),
    FOREIGN KEY (board_id) REFERENCES boards (id),
    FOREIGN KEY (author_id) REFERENCES accounts (id) ON DELETE SET NULL
);
