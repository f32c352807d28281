CREATE FUNCTION audit.log_invoice() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO audit.events (tenant_id, action, payload) VALUES (NEW.tenant_id, TG_OP, to_jsonb(NEW));
    RETURN NEW;
END
$$;
CREATE TRIGGER invoices_audit AFTER INSERT OR UPDATE ON invoices
    FOR EACH ROW EXECUTE FUNCTION audit.log_invoice();
