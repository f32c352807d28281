ALTER TABLE crm.deals RENAME COLUMN value TO amount;
ALTER TABLE crm.contacts ADD COLUMN phone text;
