-- AlterTable: a defaulted column on a seeded table.
ALTER TABLE `Setting` ADD COLUMN `editable` BOOLEAN NOT NULL DEFAULT true;
