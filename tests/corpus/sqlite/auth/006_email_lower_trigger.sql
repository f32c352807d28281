-- Written to be re-runnable by hand.
CREATE TRIGGER IF NOT EXISTS users_email_lower AFTER INSERT ON users
WHEN NEW.email <> lower(NEW.email)
BEGIN
    UPDATE users SET email = lower(NEW.email) WHERE id = NEW.id;
END;
