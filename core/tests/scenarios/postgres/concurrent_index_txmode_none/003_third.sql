-- ebb:txmode none
DROP INDEX CONCURRENTLY IF EXISTS events_kind_at;
CREATE INDEX CONCURRENTLY IF NOT EXISTS events_at ON events USING brin (at);
