CREATE TABLE crm.deals (
  id bigint PRIMARY KEY,
  contact_id bigint NOT NULL REFERENCES crm.contacts (id),
  value numeric(12,2)
);
CREATE INDEX deals_contact ON crm.deals (contact_id);
