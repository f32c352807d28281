CREATE TABLE subscriptions (
    account_id INT UNSIGNED NOT NULL,
    thread_id BIGINT UNSIGNED NOT NULL,
    notify TINYINT(1) NOT NULL DEFAULT 1,
    created_at TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP,
    PRIMARY KEY (account_id, thread_id),
    CONSTRAINT subscriptions_account_fk FOREIGN KEY (account_id) REFERENCES accounts (id) ON DELETE CASCADE,
    CONSTRAINT subscriptions_thread_fk FOREIGN KEY (thread_id) REFERENCES threads (id) ON DELETE CASCADE
);
