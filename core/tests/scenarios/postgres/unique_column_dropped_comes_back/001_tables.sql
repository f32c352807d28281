CREATE TABLE users (id int PRIMARY KEY, email text);
CREATE TABLE pages (id int PRIMARY KEY, tenant_id int NOT NULL, slug varchar(50) NOT NULL DEFAULT 'home');
CREATE TABLE settings (id int PRIMARY KEY, name varchar(50) NOT NULL DEFAULT 'main');
CREATE TABLE tickets (id int PRIMARY KEY, title text NOT NULL);
