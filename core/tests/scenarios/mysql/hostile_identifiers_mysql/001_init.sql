CREATE TABLE `we``ird; DROP TABLE x; --` (
  `id` int NOT NULL PRIMARY KEY,
  `select` varchar(20) NOT NULL,
  `a b` int NULL
);
