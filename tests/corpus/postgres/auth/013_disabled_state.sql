ALTER TYPE auth.account_state ADD VALUE 'disabled';
