-- RenameModel.
ALTER TABLE "blog_comment" RENAME TO "blog_reply";
