ALTER TABLE "blog_post" DROP COLUMN "subtitle";
