CREATE TABLE "we""ird; DROP TABLE x; --" ("id" INTEGER PRIMARY KEY, "select" TEXT, "a b" INTEGER);
