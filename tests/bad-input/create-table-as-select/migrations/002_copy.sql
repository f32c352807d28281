CREATE TABLE users_copy AS SELECT * FROM users;
