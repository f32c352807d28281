ALTER TABLE "blog_reply" ADD COLUMN "approved" bool DEFAULT 0 NOT NULL;
CREATE INDEX "blog_reply_approved_idx" ON "blog_reply" ("approved") WHERE "approved";
