CREATE TABLE dead_letters (
    job_id BIGINT UNSIGNED NOT NULL PRIMARY KEY,
    queue VARCHAR(64) NOT NULL,
    payload LONGTEXT NOT NULL,
    failed_at DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    last_error TEXT NULL
) ENGINE=InnoDB COMMENT='Jobs that ran out of attempts';
