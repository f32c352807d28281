-- The tag table is rebuilt by hand and the old one kept as a backup: PostgreSQL's names do
-- not follow the renamed table, so the new sequence and key get numbered names.
ALTER TABLE "Tag" RENAME TO "Tag_backup";
CREATE TABLE "Tag" (
    "id" SERIAL PRIMARY KEY,
    "name" VARCHAR(50) NOT NULL,
    "slug" VARCHAR(60) NOT NULL DEFAULT ''
);
INSERT INTO "Tag" ("id", "name") SELECT "id", "name" FROM "Tag_backup";
SELECT setval(pg_get_serial_sequence('"Tag"', 'id'), coalesce(max("id"), 0) + 1, false) FROM "Tag";
ALTER TABLE "_PostToTag" DROP CONSTRAINT "_PostToTag_B_fkey";
ALTER TABLE "_PostToTag" ADD CONSTRAINT "_PostToTag_B_fkey" FOREIGN KEY ("B") REFERENCES "Tag"("id") ON DELETE CASCADE ON UPDATE CASCADE;
