CREATE TABLE subscriptions (
    account_id integer NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    thread_id bigint NOT NULL REFERENCES threads (id) ON DELETE CASCADE,
    notify boolean NOT NULL DEFAULT true,
    created_at timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT subscriptions_pkey PRIMARY KEY (account_id, thread_id)
);
