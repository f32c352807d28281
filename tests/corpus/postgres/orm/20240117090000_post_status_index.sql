-- ebb:txmode none
CREATE INDEX CONCURRENTLY "Post_status_idx" ON "Post"("status");
