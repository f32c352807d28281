DELIMITER //
CREATE PROCEDURE restock(IN p_sku varchar(32), IN p_qty int)
BEGIN
  UPDATE stock SET qty = qty + p_qty WHERE sku = p_sku;
END //
DELIMITER ;
