CREATE TABLE audit (
  happened_at timestamptz NOT NULL DEFAULT now(),
  message text NOT NULL
);
