-- RenameTable (Prisma's @@map change)
ALTER TABLE "Comment" RENAME TO "PostComment";

-- RenameConstraint
ALTER TABLE "PostComment" RENAME CONSTRAINT "Comment_pkey" TO "PostComment_pkey";

-- RenameForeignKey
ALTER TABLE "PostComment" RENAME CONSTRAINT "Comment_postId_fkey" TO "PostComment_postId_fkey";

-- RenameIndex
ALTER INDEX "Comment_postId_createdAt_idx" RENAME TO "PostComment_postId_createdAt_idx";
