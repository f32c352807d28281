CREATE TABLE "users;DROP TABLE x" (id integer PRIMARY KEY);
