ALTER TABLE "a""; DROP TABLE x; --" RENAME COLUMN "Mixed Case" TO "ünïcode";
