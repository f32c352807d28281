CREATE FULLTEXT INDEX articles_body_ft ON articles (body);
CREATE INDEX articles_title_prefix ON articles (title(20));
