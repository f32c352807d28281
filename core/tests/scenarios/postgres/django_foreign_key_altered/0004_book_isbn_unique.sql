-- A unique CharField: Django adds a `_like` index with the operator class LIKE 'x%' needs.
ALTER TABLE "library_book" ADD CONSTRAINT "library_book_isbn_0d2e1b0c_uniq" UNIQUE ("isbn");
CREATE INDEX "library_book_isbn_0d2e1b0c_like" ON "library_book" ("isbn" varchar_pattern_ops);
