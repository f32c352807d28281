CREATE OR REPLACE VIEW recent_threads AS
    SELECT t.id, t.title, b.slug AS board, t.post_count, t.created_at, t.pinned
    FROM threads t JOIN boards b ON b.id = t.board_id
    WHERE NOT t.locked;
