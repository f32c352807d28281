-- AlterTable
ALTER TABLE "Comment" ADD COLUMN     "status" "PostStatus" NOT NULL DEFAULT 'PUBLISHED';
