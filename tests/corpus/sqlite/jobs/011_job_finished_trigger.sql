CREATE TRIGGER jobs_finished AFTER UPDATE OF state ON jobs
WHEN NEW.state IN ('done', 'failed')
BEGIN
    UPDATE jobs SET finished_at = CURRENT_TIMESTAMP WHERE id = NEW.id;
END;
