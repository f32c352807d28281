-- CreateTable
CREATE TABLE `Setting` (
    `key` VARCHAR(100) NOT NULL,
    `value` VARCHAR(191) NOT NULL,
    `scope` ENUM('SITE', 'USER') NOT NULL DEFAULT 'SITE',

    PRIMARY KEY (`key`)
) DEFAULT CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci;

INSERT INTO `Setting` (`key`, `value`) VALUES ('theme', 'light'), ('perPage', '20');
