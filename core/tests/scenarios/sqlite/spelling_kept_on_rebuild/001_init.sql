-- Django-style: everything quoted; a hand-written table beside it: nothing quoted.
CREATE TABLE "auth_user" (
    "id" integer NOT NULL PRIMARY KEY AUTOINCREMENT,
    "username" varchar(150) NOT NULL UNIQUE,
    "date_joined" datetime NOT NULL
);
CREATE TABLE events (
    id INTEGER PRIMARY KEY,
    user_id INTEGER NOT NULL REFERENCES "auth_user" ("id") DEFERRABLE INITIALLY DEFERRED,
    kind VARCHAR(20) NOT NULL,
    created_at DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CHECK (kind IN ('Login', 'Logout'))
);
CREATE INDEX events_recent ON events (user_id, created_at DESC) WHERE kind = 'Login';
CREATE INDEX "auth_user_date_joined_idx" ON "auth_user" ("date_joined");
