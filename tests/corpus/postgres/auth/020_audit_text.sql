-- The enum was too rigid: free text, and the type goes away.
ALTER TABLE auth.audit ALTER COLUMN kind TYPE varchar(40) USING kind::text;
DROP TYPE auth.audit_kind;
