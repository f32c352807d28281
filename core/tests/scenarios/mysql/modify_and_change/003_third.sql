ALTER TABLE users CHANGE name display_name varchar(255) NOT NULL DEFAULT '' COMMENT 'display name' AFTER id;
