ALTER TABLE "blog_post" DROP COLUMN "author_id" CASCADE;
ALTER TABLE "blog_post" DROP CONSTRAINT "blog_post_reviewer_id_fkey";
