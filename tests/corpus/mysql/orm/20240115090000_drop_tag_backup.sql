DROP TABLE `Tag_backup`;
