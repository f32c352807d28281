ALTER TABLE "blog_post" ADD COLUMN "editor_id" integer NULL CONSTRAINT "blog_post_editor_id_fk_auth_user_id" REFERENCES "auth_user"("id") DEFERRABLE INITIALLY DEFERRED;
ALTER TABLE "blog_post" ADD COLUMN "reviewer_id" integer REFERENCES "auth_user" ("id") DEFERRABLE;
