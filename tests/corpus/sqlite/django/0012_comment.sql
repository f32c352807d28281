CREATE TABLE "blog_comment" ("id" integer NOT NULL PRIMARY KEY AUTOINCREMENT, "text" text NOT NULL, "created" datetime NOT NULL, "post_id" bigint NOT NULL REFERENCES "blog_post" ("id") DEFERRABLE INITIALLY DEFERRED);
CREATE INDEX "blog_comment_post_id_580e96ef" ON "blog_comment" ("post_id");
