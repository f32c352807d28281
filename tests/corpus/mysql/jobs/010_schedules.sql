CREATE TABLE schedules (
    id INT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
    queue VARCHAR(64) NOT NULL,
    cron VARCHAR(100) NOT NULL,
    job_kind VARCHAR(100) NOT NULL,
    enabled TINYINT(1) NOT NULL DEFAULT 1,
    last_run_at DATETIME NULL,
    UNIQUE KEY schedules_kind_once (queue, job_kind),
    CONSTRAINT schedules_queue_fk FOREIGN KEY (queue) REFERENCES queues (name) ON UPDATE CASCADE
);
