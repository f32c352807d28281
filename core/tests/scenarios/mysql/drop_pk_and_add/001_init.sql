CREATE TABLE kv (k varchar(40) NOT NULL, v text, PRIMARY KEY (k));
