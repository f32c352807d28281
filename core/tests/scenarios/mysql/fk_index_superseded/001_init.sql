CREATE TABLE queues (name varchar(64) NOT NULL PRIMARY KEY);
CREATE TABLE jobs (
  id int NOT NULL PRIMARY KEY,
  queue varchar(64) NOT NULL,
  state varchar(10) NOT NULL,
  CONSTRAINT jobs_queue_fk FOREIGN KEY (queue) REFERENCES queues (name)
);
