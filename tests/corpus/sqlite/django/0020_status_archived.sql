-- A choice added: the CheckConstraint is replaced (rebuild), the old rows stay valid.
CREATE TABLE "new__blog_post" ("id" integer NOT NULL PRIMARY KEY AUTOINCREMENT, "title" varchar(200) NOT NULL, "content" text NOT NULL, "author_id" bigint NOT NULL REFERENCES "blog_author" ("id") DEFERRABLE INITIALLY DEFERRED, "created" datetime NOT NULL, "status" varchar(10) NOT NULL, "views" integer unsigned DEFAULT 0 NOT NULL CHECK ("views" >= 0), CONSTRAINT "post_status_valid" CHECK ("status" IN ('draft', 'published', 'archived')));
INSERT INTO "new__blog_post" ("id", "title", "content", "author_id", "created", "status", "views") SELECT "id", "title", "content", "author_id", "created", "status", "views" FROM "blog_post";
DROP TABLE "blog_post";
ALTER TABLE "new__blog_post" RENAME TO "blog_post";
CREATE INDEX "blog_post_author_id_dd7a8485" ON "blog_post" ("author_id");
