-- AlterTable
ALTER TABLE `Comment` ADD COLUMN `status` ENUM('VISIBLE', 'HIDDEN') NOT NULL DEFAULT 'VISIBLE',
    ADD COLUMN `authorId` INTEGER NULL;

-- CreateIndex
CREATE INDEX `Comment_authorId_idx` ON `Comment`(`authorId`);

-- AddForeignKey
ALTER TABLE `Comment` ADD CONSTRAINT `Comment_authorId_fkey` FOREIGN KEY (`authorId`) REFERENCES `User`(`id`) ON DELETE SET NULL ON UPDATE CASCADE;
