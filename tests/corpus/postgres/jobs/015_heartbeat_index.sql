-- ebb:txmode none
CREATE INDEX CONCURRENTLY workers_heartbeat ON workers (heartbeat_at);
