-- RunSQL with a temporary table for the backfill.
CREATE TEMP TABLE "published_ids" AS SELECT "id" FROM "blog_post" WHERE "published";
CREATE INDEX "published_ids_id" ON "published_ids" ("id");
UPDATE "blog_post" SET "status" = 'published' WHERE "id" IN (SELECT "id" FROM "published_ids");
DROP TABLE "published_ids";
