DELIMITER //
CREATE PROCEDURE lock_user(IN p_id BIGINT UNSIGNED)
BEGIN
    UPDATE users SET state = 'locked' WHERE id = p_id;
END //
DELIMITER ;
