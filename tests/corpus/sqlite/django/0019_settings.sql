CREATE TABLE "blog_setting" ("key" varchar(100) NOT NULL PRIMARY KEY, "value" text NOT NULL, "scope" varchar(20) DEFAULT 'site' NOT NULL);
INSERT INTO "blog_setting" ("key", "value") VALUES ('theme', 'light'), ('per_page', '20');
