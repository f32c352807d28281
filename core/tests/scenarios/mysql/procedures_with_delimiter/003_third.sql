DROP PROCEDURE restock;
DELIMITER //
CREATE PROCEDURE restock(IN p_sku varchar(32), IN p_qty int)
BEGIN
  INSERT INTO stock (sku, qty) VALUES (p_sku, p_qty) ON DUPLICATE KEY UPDATE qty = qty + p_qty;
END //
DELIMITER ;
