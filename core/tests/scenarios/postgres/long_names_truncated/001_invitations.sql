-- Names PostgreSQL makes itself from long table and column names: cut to 63 bytes, the
-- longer part first, the label kept.
CREATE TABLE organization_membership_invitation_acceptance_records (
    id bigserial PRIMARY KEY,
    invited_organization_member_identifier integer NOT NULL,
    accepted_at_timestamp_with_time_zone timestamptz,
    UNIQUE (invited_organization_member_identifier, accepted_at_timestamp_with_time_zone),
    CHECK (invited_organization_member_identifier > 0)
);
CREATE INDEX ON organization_membership_invitation_acceptance_records (accepted_at_timestamp_with_time_zone);
