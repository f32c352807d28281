CREATE TABLE roles (
    id INT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
    name VARCHAR(64) NOT NULL,
    UNIQUE KEY roles_name (name)
) ENGINE=InnoDB;
INSERT INTO roles (name) VALUES ('admin'), ('member');
