-- The backup keeps every generated name: the new table's clash and get numbered labels,
-- which PostgreSQL fits into 63 bytes again.
ALTER TABLE organization_membership_invitation_acceptance_records RENAME TO organization_membership_invitation_acceptance_backup;
CREATE TABLE organization_membership_invitation_acceptance_records (
    id bigserial PRIMARY KEY,
    invited_organization_member_identifier integer NOT NULL,
    accepted_at_timestamp_with_time_zone timestamptz,
    UNIQUE (invited_organization_member_identifier, accepted_at_timestamp_with_time_zone),
    CHECK (invited_organization_member_identifier > 0)
);
CREATE INDEX ON organization_membership_invitation_acceptance_records (accepted_at_timestamp_with_time_zone);
INSERT INTO organization_membership_invitation_acceptance_records
SELECT * FROM organization_membership_invitation_acceptance_backup;
