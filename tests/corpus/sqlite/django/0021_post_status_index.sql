CREATE INDEX "blog_post_status_created_idx" ON "blog_post" ("status", "created" DESC);
