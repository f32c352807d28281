CREATE INDEX `library_book_isbn_idx` ON `library_book` (`isbn`);
