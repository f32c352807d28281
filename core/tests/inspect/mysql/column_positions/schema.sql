CREATE TABLE contacts (
  id int NOT NULL AUTO_INCREMENT PRIMARY KEY,
  email varchar(191) NOT NULL
);
ALTER TABLE contacts ADD COLUMN first_name varchar(100) NOT NULL DEFAULT '' AFTER id;
ALTER TABLE contacts ADD COLUMN tenant_id int NOT NULL DEFAULT 0 FIRST;
ALTER TABLE contacts MODIFY email varchar(191) NOT NULL AFTER tenant_id;
ALTER TABLE contacts ADD COLUMN notes text;
