ALTER TABLE threads ADD COLUMN locked boolean NOT NULL DEFAULT false;
ALTER TABLE threads ADD COLUMN pinned boolean NOT NULL DEFAULT false;
CREATE INDEX threads_pinned ON threads (board_id) WHERE pinned;
