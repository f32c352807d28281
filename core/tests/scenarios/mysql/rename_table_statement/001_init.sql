CREATE TABLE users (id int unsigned NOT NULL AUTO_INCREMENT PRIMARY KEY, email varchar(191) NOT NULL);
CREATE TABLE posts (id int unsigned NOT NULL AUTO_INCREMENT PRIMARY KEY, user_id int unsigned NOT NULL,
  CONSTRAINT posts_user_fk FOREIGN KEY (user_id) REFERENCES users (id));
