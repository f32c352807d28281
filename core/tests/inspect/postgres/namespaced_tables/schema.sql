CREATE SCHEMA crm;
CREATE TABLE crm.contacts (id bigint PRIMARY KEY, email text NOT NULL);
CREATE TABLE crm.deals (
  id bigint PRIMARY KEY,
  contact_id bigint NOT NULL REFERENCES crm.contacts (id),
  value numeric(12,2)
);
CREATE INDEX deals_contact ON crm.deals (contact_id);
ALTER TABLE crm.deals RENAME COLUMN value TO amount;
ALTER TABLE crm.contacts ADD COLUMN phone text;
