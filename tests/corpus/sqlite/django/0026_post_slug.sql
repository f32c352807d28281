ALTER TABLE "blog_post" ADD COLUMN "slug" varchar(50) DEFAULT '' NOT NULL;
UPDATE "blog_post" SET "slug" = lower(replace("title", ' ', '-'));
CREATE INDEX "blog_post_slug_e4d2b3a1" ON "blog_post" ("slug");
