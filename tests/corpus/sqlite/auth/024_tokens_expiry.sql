ALTER TABLE api_tokens ADD COLUMN expires_at TEXT;
UPDATE api_tokens SET expires_at = datetime(coalesce(last_used_at, CURRENT_TIMESTAMP), '+1 year');
