CREATE SCHEMA billing;
CREATE EXTENSION IF NOT EXISTS citext;
CREATE TABLE billing.invoices (id int PRIMARY KEY, email citext);
