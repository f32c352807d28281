ALTER TABLE threads ADD COLUMN post_count integer NOT NULL DEFAULT 0;
UPDATE threads t SET post_count = (SELECT count(*) FROM posts p WHERE p.thread_id = t.id);
CREATE FUNCTION bump_post_count() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE threads SET post_count = post_count + 1 WHERE id = NEW.thread_id;
    RETURN NEW;
END
$$;
CREATE TRIGGER posts_bump AFTER INSERT ON posts FOR EACH ROW EXECUTE FUNCTION bump_post_count();
