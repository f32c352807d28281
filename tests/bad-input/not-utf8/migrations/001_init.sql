CREATE TABLE users (idÿ integer);
