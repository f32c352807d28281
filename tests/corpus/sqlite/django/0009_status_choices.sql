-- Meta.constraints: a CheckConstraint (Django rebuilds the table to add it).
CREATE TABLE "new__blog_post" ("id" integer NOT NULL PRIMARY KEY AUTOINCREMENT, "title" varchar(200) NOT NULL, "body" text NOT NULL, "author_id" bigint NOT NULL REFERENCES "blog_author" ("id") DEFERRABLE INITIALLY DEFERRED, "created" datetime NOT NULL, "subtitle" varchar(200) NULL, "status" varchar(10) NOT NULL, CONSTRAINT "post_status_valid" CHECK ("status" IN ('draft', 'published')));
INSERT INTO "new__blog_post" ("id", "title", "body", "author_id", "created", "subtitle", "status") SELECT "id", "title", "body", "author_id", "created", "subtitle", "status" FROM "blog_post";
DROP TABLE "blog_post";
ALTER TABLE "new__blog_post" RENAME TO "blog_post";
CREATE INDEX "blog_post_author_id_dd7a8485" ON "blog_post" ("author_id");
