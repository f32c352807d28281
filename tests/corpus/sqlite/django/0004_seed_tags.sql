-- RunSQL: a seeded table.
INSERT INTO "blog_tag" ("name") VALUES ('news'), ('release'), ('howto');
