ALTER TABLE threads
    ADD COLUMN locked TINYINT(1) NOT NULL DEFAULT 0,
    ADD COLUMN pinned TINYINT(1) NOT NULL DEFAULT 0 AFTER board_id,
    ADD INDEX threads_pinned (board_id, pinned);
