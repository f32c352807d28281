ALTER TABLE threads ADD COLUMN post_count INTEGER NOT NULL DEFAULT 0;
UPDATE threads SET post_count = (SELECT count(*) FROM posts p WHERE p.thread_id = threads.id);
CREATE TRIGGER posts_bump AFTER INSERT ON posts
BEGIN
    UPDATE threads SET post_count = post_count + 1 WHERE id = NEW.thread_id;
END;
