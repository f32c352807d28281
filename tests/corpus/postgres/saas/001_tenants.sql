-- Every customer organisation is a tenant; everything else hangs off it.
CREATE TABLE tenants (
    id bigserial PRIMARY KEY,
    slug text NOT NULL UNIQUE,
    name text NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now()
);
