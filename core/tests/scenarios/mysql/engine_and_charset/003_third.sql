ALTER TABLE logs COMMENT='application log lines';
