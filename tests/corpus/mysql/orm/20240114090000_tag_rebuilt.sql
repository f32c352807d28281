-- A hand-made rebuild: the old table kept as a backup under another name.
ALTER TABLE `_PostToTag` DROP FOREIGN KEY `_PostToTag_B_fkey`;
RENAME TABLE `Tag` TO `Tag_backup`;

CREATE TABLE `Tag` (
    `id` INTEGER NOT NULL AUTO_INCREMENT,
    `name` VARCHAR(191) NOT NULL,
    `color` VARCHAR(7) NOT NULL DEFAULT '#cccccc',

    UNIQUE INDEX `Tag_name_key`(`name`),
    PRIMARY KEY (`id`)
) DEFAULT CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci;

INSERT INTO `Tag` (`id`, `name`) SELECT `id`, `name` FROM `Tag_backup`;
ALTER TABLE `_PostToTag` ADD CONSTRAINT `_PostToTag_B_fkey` FOREIGN KEY (`B`) REFERENCES `Tag`(`id`) ON DELETE CASCADE ON UPDATE CASCADE;
