ALTER TABLE users MODIFY name varchar(255) NOT NULL DEFAULT '' COMMENT 'display name';
