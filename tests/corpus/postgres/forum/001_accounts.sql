CREATE TABLE accounts (
    id serial PRIMARY KEY,
    handle varchar(32) NOT NULL,
    email text NOT NULL,
    joined_at timestamp NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT accounts_handle_key UNIQUE (handle)
);
