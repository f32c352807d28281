DROP INDEX articles_title_prefix ON articles;
ALTER TABLE articles ADD INDEX articles_title_id (title(30), id DESC);
