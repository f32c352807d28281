ALTER TABLE "blog_post" ADD COLUMN "views" integer unsigned DEFAULT 0 NOT NULL CHECK ("views" >= 0);
