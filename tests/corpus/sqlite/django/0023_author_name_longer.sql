-- AlterField max_length: Django rebuilds (SQLite cannot alter a column).
CREATE TABLE "new__blog_author" ("id" integer NOT NULL PRIMARY KEY AUTOINCREMENT, "name" varchar(150) NOT NULL, "email" varchar(254) NOT NULL UNIQUE, "joined" datetime NOT NULL, "is_active" bool DEFAULT 1 NOT NULL);
INSERT INTO "new__blog_author" ("id", "name", "email", "joined", "is_active") SELECT "id", "name", "email", "joined", "is_active" FROM "blog_author";
DROP TABLE "blog_author";
ALTER TABLE "new__blog_author" RENAME TO "blog_author";
