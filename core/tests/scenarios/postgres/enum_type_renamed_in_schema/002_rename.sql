-- The type stays in schema auth: it becomes auth.account_state.
ALTER TYPE auth.user_state RENAME TO account_state;
ALTER TABLE auth.users ADD COLUMN previous auth.account_state;
