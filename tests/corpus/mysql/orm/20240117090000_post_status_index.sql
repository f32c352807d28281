-- CreateIndex
CREATE INDEX `Post_status_createdAt_idx` ON `Post`(`status`, `createdAt`);
