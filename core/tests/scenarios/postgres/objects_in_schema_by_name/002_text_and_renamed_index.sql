-- An index in a schema is named with it; reverting re-creates the enum, and the column
-- going back to it is checked for values that are not labels.
ALTER INDEX auth.audit_at RENAME TO audit_at_idx;
ALTER TABLE auth.audit ALTER COLUMN kind TYPE varchar(40) USING kind::text;
DROP TYPE auth.kind;
