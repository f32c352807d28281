ALTER TABLE events ADD COLUMN note TEXT DEFAULT 'None';
ALTER TABLE "auth_user" ADD COLUMN "is_staff" bool DEFAULT 0 NOT NULL;
ALTER TABLE events RENAME COLUMN kind TO event_kind;
