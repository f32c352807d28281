-- AlterTable
ALTER TABLE "Post" DROP COLUMN "tags";
ALTER TABLE "User" DROP COLUMN "role",
ADD COLUMN "displayName" VARCHAR(120);

-- DropEnum
DROP TYPE "Role";

-- RenameIndex
ALTER INDEX "Post_authorId_publishedAt_idx" RENAME TO "Post_authorId_publishedAt_sort_idx";
