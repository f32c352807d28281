CREATE TABLE "naïve ☃" (id integer PRIMARY KEY, "ключ" text);
