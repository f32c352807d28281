-- A seeded table.
INSERT INTO `Tag` (`name`) VALUES ('news'), ('release'), ('howto');
