ALTER TABLE "naïve ☃" RENAME COLUMN "ключ" TO "名前";
ALTER TABLE "naïve ☃" DROP COLUMN "ключ";
