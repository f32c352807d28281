RENAME TABLE schedules TO recurring_jobs;
ALTER TABLE recurring_jobs CHANGE cron cron_expression VARCHAR(100) NOT NULL;
