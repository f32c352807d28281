CREATE TABLE job_tags (
    job_id bigint NOT NULL REFERENCES jobs (id) ON DELETE CASCADE,
    tag varchar(40) NOT NULL,
    PRIMARY KEY (job_id, tag)
);
CREATE INDEX job_tags_tag ON job_tags (tag);
