-- AlterTable
ALTER TABLE `Tag` ADD COLUMN `slug` VARCHAR(191) NULL;
UPDATE `Tag` SET `slug` = LOWER(`name`);

-- CreateIndex
CREATE UNIQUE INDEX `Tag_slug_key` ON `Tag`(`slug`);
