-- AlterField on a ForeignKey (null=True, on_delete=SET_NULL): Django makes the deferred key
-- immediate before dropping it, in the same transaction.
SET CONSTRAINTS "library_book_author_id_0f4bca5e_fk_library_author_id" IMMEDIATE;
ALTER TABLE "library_book" DROP CONSTRAINT "library_book_author_id_0f4bca5e_fk_library_author_id";
ALTER TABLE "library_book" ALTER COLUMN "author_id" DROP NOT NULL;
ALTER TABLE "library_book" ADD CONSTRAINT "library_book_author_id_0f4bca5e_fk_library_author_id" FOREIGN KEY ("author_id") REFERENCES "library_author" ("id") DEFERRABLE INITIALLY DEFERRED;
