CREATE TABLE workers (
    id uuid PRIMARY KEY,
    hostname text NOT NULL,
    pid integer NOT NULL,
    started_at timestamptz NOT NULL DEFAULT now(),
    heartbeat_at timestamptz NOT NULL DEFAULT now()
);
ALTER TABLE jobs ADD COLUMN locked_by uuid REFERENCES workers (id) ON DELETE SET NULL;
