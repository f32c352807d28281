CREATE FULLTEXT INDEX posts_body_fulltext ON posts (body);
