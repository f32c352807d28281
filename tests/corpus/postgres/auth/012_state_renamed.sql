ALTER TYPE auth.user_state RENAME TO account_state;
