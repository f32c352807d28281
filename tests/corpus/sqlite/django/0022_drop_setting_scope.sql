ALTER TABLE "blog_setting" DROP COLUMN "scope";
