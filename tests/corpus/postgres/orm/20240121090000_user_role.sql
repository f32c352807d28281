-- CreateEnum
CREATE TYPE "UserRole" AS ENUM ('MEMBER', 'STAFF');

-- AlterTable
ALTER TABLE "User" ADD COLUMN     "role" "UserRole" NOT NULL DEFAULT 'MEMBER',
ADD COLUMN     "roles" "UserRole"[] DEFAULT ARRAY[]::"UserRole"[];
