-- Table names are case sensitive on MariaDB/MySQL on Linux: a check must name `Tag_backup`,
-- never `tag_backup`.
CREATE TABLE `Tag` (`id` INTEGER NOT NULL AUTO_INCREMENT, `name` VARCHAR(191) NOT NULL, PRIMARY KEY (`id`));
CREATE TABLE `PostTag` (`postId` INTEGER NOT NULL, `tagId` INTEGER NOT NULL, INDEX `PostTag_tagId_idx`(`tagId`));
ALTER TABLE `PostTag` ADD CONSTRAINT `PostTag_tagId_fkey` FOREIGN KEY (`tagId`) REFERENCES `Tag`(`id`) ON DELETE CASCADE ON UPDATE CASCADE;
