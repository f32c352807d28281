CREATE TRIGGER invoices_audit AFTER INSERT ON invoices
BEGIN
    INSERT INTO audit_events (tenant_id, action, payload) VALUES (NEW.tenant_id, 'insert', json_object('id', NEW.id));
END;
