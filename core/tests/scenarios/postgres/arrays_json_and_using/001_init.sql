CREATE TABLE documents (
  id uuid PRIMARY KEY,
  tags text[] NOT NULL DEFAULT '{}',
  body jsonb,
  version text NOT NULL DEFAULT '1'
);
