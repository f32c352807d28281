DROP VIEW recent_threads;
RENAME TABLE boards TO categories;
ALTER TABLE threads RENAME COLUMN board_id TO category_id;
ALTER TABLE threads RENAME INDEX threads_board TO threads_category;
