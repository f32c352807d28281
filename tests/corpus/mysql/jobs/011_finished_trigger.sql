ALTER TABLE jobs ADD COLUMN finished_at DATETIME NULL;
DELIMITER //
CREATE TRIGGER jobs_finished BEFORE UPDATE ON jobs FOR EACH ROW
BEGIN
    IF NEW.state IN ('done', 'failed') AND OLD.state <> NEW.state THEN
        SET NEW.finished_at = NOW();
    END IF;
END //
DELIMITER ;
