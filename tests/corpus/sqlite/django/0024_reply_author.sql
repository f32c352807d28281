ALTER TABLE "blog_reply" ADD COLUMN "author_id" bigint NULL REFERENCES "blog_author" ("id") DEFERRABLE INITIALLY DEFERRED;
CREATE INDEX "blog_reply_author_id_8a1f7c3d" ON "blog_reply" ("author_id");
