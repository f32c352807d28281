CREATE TABLE organization_membership_invitation_reminder_deliveries (
    id bigserial PRIMARY KEY,
    invitation_acceptance_record_identifier bigint NOT NULL
        REFERENCES organization_membership_invitation_acceptance_records (id),
    delivered_at timestamptz NOT NULL DEFAULT now()
);
DROP TABLE organization_membership_invitation_acceptance_backup;
