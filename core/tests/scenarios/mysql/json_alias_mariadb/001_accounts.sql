CREATE TABLE `socialaccount_socialaccount` (`id` integer AUTO_INCREMENT NOT NULL PRIMARY KEY, `uid` varchar(191) NOT NULL, `extra_data` longtext NOT NULL);
