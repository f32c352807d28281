ALTER TABLE login_attempts ENGINE=InnoDB;
