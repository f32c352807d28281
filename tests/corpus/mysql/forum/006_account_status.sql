ALTER TABLE accounts ADD COLUMN status ENUM('active', 'suspended', 'banned') NOT NULL DEFAULT 'active';
