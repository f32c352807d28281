CREATE TABLE job_tags (
    job_id BIGINT UNSIGNED NOT NULL,
    tag VARCHAR(40) NOT NULL,
    PRIMARY KEY (job_id, tag),
    KEY job_tags_tag (tag),
    CONSTRAINT job_tags_job_fk FOREIGN KEY (job_id) REFERENCES jobs (id) ON DELETE CASCADE
);
