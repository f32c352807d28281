-- Tokens outlive their user for the audit trail; the key's index stays.
ALTER TABLE api_tokens DROP FOREIGN KEY IF EXISTS api_tokens_user;
