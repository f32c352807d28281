ALTER TABLE accounts MODIFY status ENUM('active', 'suspended', 'shadow_banned', 'banned') NOT NULL DEFAULT 'active';
