-- Django's MySQL schema editor: the key first, no index of its own; InnoDB makes one named
-- after the constraint.
CREATE TABLE `library_author` (`id` integer AUTO_INCREMENT NOT NULL PRIMARY KEY);
CREATE TABLE `library_book` (`id` integer AUTO_INCREMENT NOT NULL PRIMARY KEY, `author_id` integer NOT NULL, `isbn` varchar(13) NOT NULL);
ALTER TABLE `library_book` ADD CONSTRAINT `library_book_author_id_0f4bca5e_fk_library_author_id` FOREIGN KEY (`author_id`) REFERENCES `library_author` (`id`);
