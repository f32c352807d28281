-- ebb:txmode none
CREATE INDEX CONCURRENTLY events_kind_at ON events (kind, at DESC);
