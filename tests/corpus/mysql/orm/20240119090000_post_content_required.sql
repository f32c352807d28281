-- AlterTable: made required after a backfill.
UPDATE `Post` SET `content` = '' WHERE `content` IS NULL;
ALTER TABLE `Post` MODIFY `content` TEXT NOT NULL;
