CREATE TABLE users (id int PRIMARY KEY, email varchar(200));
CREATE TABLE pages (id int PRIMARY KEY, tenant_id int NOT NULL, slug varchar(50) NOT NULL DEFAULT 'home');
CREATE TABLE settings (id int PRIMARY KEY, name varchar(50) NOT NULL DEFAULT 'main');
CREATE TABLE tickets (id int PRIMARY KEY, title varchar(100) NOT NULL);
