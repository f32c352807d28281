ALTER TABLE contacts MODIFY email varchar(191) NOT NULL AFTER tenant_id;
ALTER TABLE contacts ADD COLUMN notes text;
