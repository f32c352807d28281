ALTER TABLE "blog_author" ADD COLUMN "is_active" bool DEFAULT 1 NOT NULL;
