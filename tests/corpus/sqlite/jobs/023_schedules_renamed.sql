ALTER TABLE schedules RENAME TO recurring_jobs;
ALTER TABLE recurring_jobs RENAME COLUMN cron TO cron_expression;
