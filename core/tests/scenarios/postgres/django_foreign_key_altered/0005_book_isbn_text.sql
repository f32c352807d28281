-- AlterField to a TextField: the varchar operator class no longer fits; Django drops the
-- `_like` index and makes one with text_pattern_ops.
DROP INDEX IF EXISTS "library_book_isbn_0d2e1b0c_like";
ALTER TABLE "library_book" ALTER COLUMN "isbn" TYPE text USING "isbn"::text;
CREATE INDEX "library_book_isbn_0d2e1b0c_like" ON "library_book" ("isbn" text_pattern_ops);
