ALTER TABLE "blog_post" ADD COLUMN "subtitle" varchar(200) NULL;
