DROP INDEX tokens_value;
CREATE INDEX IF NOT EXISTS tokens_user_desc ON tokens (user_id DESC, id);
