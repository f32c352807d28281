-- ebb:txmode none
CREATE INDEX workers_heartbeat ON workers (heartbeat_at);
