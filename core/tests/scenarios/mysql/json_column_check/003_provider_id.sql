ALTER TABLE `socialaccount_socialapp` ADD COLUMN `provider_id` varchar(200) DEFAULT '' NOT NULL;
ALTER TABLE `socialaccount_socialapp` ALTER COLUMN `provider_id` DROP DEFAULT;
