-- A field with a default on a table with rows: Django rebuilds, with the default in the copy.
CREATE TABLE "new__blog_post" ("id" integer NOT NULL PRIMARY KEY AUTOINCREMENT, "title" varchar(200) NOT NULL, "body" text NOT NULL, "published" bool NOT NULL, "author_id" bigint NOT NULL REFERENCES "blog_author" ("id") DEFERRABLE INITIALLY DEFERRED, "created" datetime NOT NULL, "subtitle" varchar(200) NULL, "status" varchar(10) NOT NULL);
INSERT INTO "new__blog_post" ("id", "title", "body", "published", "author_id", "created", "subtitle", "status") SELECT "id", "title", "body", "published", "author_id", "created", "subtitle", 'draft' FROM "blog_post";
DROP TABLE "blog_post";
ALTER TABLE "new__blog_post" RENAME TO "blog_post";
CREATE INDEX "blog_post_author_id_dd7a8485" ON "blog_post" ("author_id");
