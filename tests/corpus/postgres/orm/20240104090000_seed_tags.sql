INSERT INTO "Tag" ("name") VALUES ('news'), ('release'), ('howto');
