ALTER TABLE `socialaccount_socialapp` ADD COLUMN `settings` longtext DEFAULT '{}' NOT NULL CHECK (JSON_VALID(`settings`));
ALTER TABLE `socialaccount_socialapp` ALTER COLUMN `settings` DROP DEFAULT;
