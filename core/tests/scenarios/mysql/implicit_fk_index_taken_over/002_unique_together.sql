-- An index that can serve the key: InnoDB silently drops the one it made.
ALTER TABLE `library_book` ADD CONSTRAINT `library_book_author_id_isbn_4f2b_uniq` UNIQUE (`author_id`, `isbn`);
