-- A hand-edited data step with a temporary table.
CREATE TEMPORARY TABLE `published_posts` AS SELECT `id` FROM `Post` WHERE `published` = true;
UPDATE `Post` SET `status` = 'PUBLISHED' WHERE `id` IN (SELECT `id` FROM `published_posts`);
DROP TEMPORARY TABLE `published_posts`;
