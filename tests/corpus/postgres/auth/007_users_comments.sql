-- (GRANT/REVOKE are warned about and not modeled, so a down would leave them in place; the
-- corpus keeps to what ebb reverts. docs/reliability.md says so.)
COMMENT ON TABLE auth.users IS 'One row per account';
COMMENT ON COLUMN auth.users.email IS 'Compared case-insensitively (citext)';
