-- E-mail addresses may hold any Unicode: convert the table and its text columns.
ALTER TABLE users CONVERT TO CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci;
