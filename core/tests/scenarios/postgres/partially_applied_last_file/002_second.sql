-- ebb-test:applied 2
ALTER TABLE events ADD COLUMN payload jsonb;
CREATE INDEX events_kind_idx ON events (kind);
ALTER TABLE events ADD COLUMN source text NOT NULL;
