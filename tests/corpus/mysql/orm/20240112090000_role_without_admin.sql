-- AlterTable: a value removed from an enum (rows moved off it first).
UPDATE `User` SET `role` = 'MODERATOR' WHERE `role` = 'ADMIN';
ALTER TABLE `User` MODIFY `role` ENUM('USER', 'MODERATOR') NOT NULL DEFAULT 'USER';
