ALTER TABLE threads ADD COLUMN post_count INT NOT NULL DEFAULT 0;
UPDATE threads t SET post_count = (SELECT COUNT(*) FROM posts p WHERE p.thread_id = t.id);
CREATE TRIGGER posts_bump AFTER INSERT ON posts FOR EACH ROW UPDATE threads SET post_count = post_count + 1 WHERE id = NEW.thread_id;
