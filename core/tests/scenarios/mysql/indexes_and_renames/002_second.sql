ALTER TABLE logs RENAME INDEX idx_level TO logs_level;
CREATE INDEX logs_msg ON logs (msg(20));
ALTER TABLE logs ENGINE=InnoDB, COMMENT='app logs';
