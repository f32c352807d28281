DELIMITER //
CREATE TRIGGER invoices_audit AFTER INSERT ON invoices FOR EACH ROW
BEGIN
    INSERT INTO audit_events (tenant_id, action, payload) VALUES (NEW.tenant_id, 'insert', CONCAT('invoice ', NEW.id));
END //
DELIMITER ;
