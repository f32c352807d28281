CREATE TABLE logs (id bigint PRIMARY KEY, level varchar(10), msg text, INDEX idx_level (level));
