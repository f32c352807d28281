-- AlterTable: ... and re-added with other values.
ALTER TABLE `User` ADD COLUMN `role` ENUM('MEMBER', 'STAFF') NOT NULL DEFAULT 'MEMBER';
