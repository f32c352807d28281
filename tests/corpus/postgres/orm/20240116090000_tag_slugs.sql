-- Backfill through a temporary table; it lives for this file's session only.
CREATE TEMP TABLE tag_slugs AS SELECT "id", lower(replace("name", ' ', '-')) || '-' || "id" AS slug FROM "Tag";
CREATE INDEX ON tag_slugs ("id");
UPDATE "Tag" SET "slug" = tag_slugs.slug FROM tag_slugs WHERE tag_slugs."id" = "Tag"."id";
DROP TABLE tag_slugs;
CREATE UNIQUE INDEX "Tag_slug_key" ON "Tag"("slug");
