RENAME TABLE logs TO app_logs;
ALTER TABLE app_logs DROP INDEX logs_msg;
