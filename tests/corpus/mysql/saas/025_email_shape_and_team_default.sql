ALTER TABLE tenants ALTER COLUMN tier SET DEFAULT 'team';
ALTER TABLE users ADD CONSTRAINT users_email_shape CHECK (email LIKE '%@%');
