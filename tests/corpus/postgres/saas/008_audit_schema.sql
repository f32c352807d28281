CREATE SCHEMA audit;
CREATE TABLE audit.events (
    id bigserial PRIMARY KEY,
    tenant_id bigint NOT NULL,
    actor_id bigint,
    action text NOT NULL,
    payload jsonb NOT NULL DEFAULT '{}'::jsonb,
    at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX events_tenant_at ON audit.events (tenant_id, at DESC);
