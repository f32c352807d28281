DROP VIEW recent_threads;
CREATE VIEW recent_threads AS
    SELECT t.id, t.title, b.slug AS board, t.post_count, t.created_at, t.pinned
    FROM threads t JOIN boards b ON b.id = t.board_id
    WHERE t.locked = 0
    ORDER BY t.pinned DESC, t.created_at DESC;
