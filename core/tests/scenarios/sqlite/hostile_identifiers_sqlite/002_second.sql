ALTER TABLE "we""ird; DROP TABLE x; --" RENAME COLUMN "select" TO "from";
CREATE INDEX "idx""1" ON "we""ird; DROP TABLE x; --" ("a b");
