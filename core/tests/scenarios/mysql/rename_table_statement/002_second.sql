RENAME TABLE users TO accounts, posts TO articles;
