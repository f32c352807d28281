CREATE TABLE job_tags (
    job_id INTEGER NOT NULL REFERENCES jobs (id) ON DELETE CASCADE,
    tag VARCHAR(40) NOT NULL,
    PRIMARY KEY (job_id, tag)
) WITHOUT ROWID;
CREATE INDEX job_tags_tag ON job_tags (tag);
