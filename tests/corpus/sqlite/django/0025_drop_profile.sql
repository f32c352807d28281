-- DeleteModel.
DROP TABLE "blog_profile";
