ALTER TABLE pages MODIFY updated_at datetime(3) NULL DEFAULT NULL;
