ALTER TABLE documents ALTER COLUMN body TYPE json USING body::json;
