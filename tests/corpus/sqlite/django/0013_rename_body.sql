ALTER TABLE "blog_post" RENAME COLUMN "body" TO "content";
