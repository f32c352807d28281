-- MySQL has no CREATE OR REPLACE PROCEDURE before 8.0.29: drop and create.
DROP PROCEDURE IF EXISTS lock_user;
DELIMITER $$
CREATE PROCEDURE lock_user(IN p_id BIGINT UNSIGNED, IN p_reason VARCHAR(100))
BEGIN
    UPDATE users SET state = 'locked' WHERE id = p_id;
    INSERT INTO login_attempts (email, succeeded) SELECT email, 0 FROM users WHERE id = p_id;
END $$
DELIMITER ;
