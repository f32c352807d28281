-- Code looks the admin role up by name: it cannot be renamed.
CREATE TRIGGER IF NOT EXISTS roles_admin_name_fixed BEFORE UPDATE OF name ON roles
WHEN OLD.name = 'admin'
BEGIN
    SELECT RAISE(ABORT, 'the admin role cannot be renamed');
END;
