-- unique_together on (name, slug) after a slug field; the single-column unique is dropped
-- by a rebuild.
CREATE TABLE "new__blog_tag" ("id" integer NOT NULL PRIMARY KEY AUTOINCREMENT, "name" varchar(50) NOT NULL, "slug" varchar(50) NOT NULL);
INSERT INTO "new__blog_tag" ("id", "name", "slug") SELECT "id", "name", lower("name") FROM "blog_tag";
DROP TABLE "blog_tag";
ALTER TABLE "new__blog_tag" RENAME TO "blog_tag";
CREATE UNIQUE INDEX "blog_tag_name_slug_8f1c0b2e_uniq" ON "blog_tag" ("name", "slug");
CREATE INDEX "blog_tag_slug_01768d5b" ON "blog_tag" ("slug");
