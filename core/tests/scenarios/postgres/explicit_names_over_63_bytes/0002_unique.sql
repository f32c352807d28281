-- A constraint name of 70 bytes, as django-taggit's migration 0003 gives it: PostgreSQL keeps
-- its first 63 bytes (with a NOTICE), and every later statement naming it is cut the same way.
ALTER TABLE "taggit_taggeditem" ADD CONSTRAINT "taggit_taggeditem_content_type_id_object_id_tag_id_4bb97a8e_uniq" UNIQUE ("content_type_id", "object_id", "tag_id");
CREATE INDEX "taggit_taggeditem_content_type_id_object_id_idx_with_a_long_tail_0123" ON "taggit_taggeditem" ("content_type_id", "object_id");
