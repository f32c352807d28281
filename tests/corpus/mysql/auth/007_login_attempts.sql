-- An append-only log, first kept on MyISAM (011 moves it to InnoDB).
CREATE TABLE login_attempts (
    id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
    email VARCHAR(190) NOT NULL,
    succeeded TINYINT(1) NOT NULL DEFAULT 0,
    at DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    KEY login_attempts_email_at (email, at)
) ENGINE=MyISAM;
CREATE TRIGGER users_email_lower BEFORE INSERT ON users FOR EACH ROW SET NEW.email = LOWER(NEW.email);
