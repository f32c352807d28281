ALTER TABLE boards RENAME TO categories;
ALTER TABLE threads RENAME COLUMN board_id TO category_id;
ALTER INDEX threads_board RENAME TO threads_category;
