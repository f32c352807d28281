-- DEFAULT NULL written out, as ORMs and pg_dump do: PostgreSQL keeps it where the type has a
-- modifier (NULL::character varying) and drops it elsewhere.
CREATE TABLE accounts (
    id bigint PRIMARY KEY,
    nickname varchar(40) DEFAULT NULL,
    closed_at timestamp(3) DEFAULT NULL,
    balance numeric(12,2) DEFAULT NULL,
    code char(3) DEFAULT NULL,
    note text DEFAULT NULL
);
