ALTER TABLE `socialaccount_socialaccount` ADD COLUMN `settings` json NULL CHECK (JSON_VALID(`settings`));
