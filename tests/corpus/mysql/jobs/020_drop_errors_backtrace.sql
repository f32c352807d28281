ALTER TABLE job_errors DROP COLUMN backtrace;
