-- AlterTable
ALTER TABLE `Setting` DROP COLUMN `scope`;
