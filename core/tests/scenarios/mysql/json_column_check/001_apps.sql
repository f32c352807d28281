-- Django's MariaDB schema editor: a JSONField is longtext with the column's own CHECK, which
-- MariaDB names after the column and drops with it.
CREATE TABLE `socialaccount_socialapp` (`id` integer AUTO_INCREMENT NOT NULL PRIMARY KEY, `provider` varchar(30) NOT NULL);
