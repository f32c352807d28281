CREATE TABLE "a""; DROP TABLE x; --" ("we;ird" int PRIMARY KEY, "Mixed Case" text);
