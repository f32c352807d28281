UPDATE "Post" SET "status" = 'PUBLISHED' WHERE "published";
