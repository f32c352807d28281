-- A TextField becoming a JSONField, as Django writes it for MariaDB. MariaDB stores JSON as
-- longtext in utf8mb4_bin with a CHECK (json_valid(...)) named after the column.
ALTER TABLE `socialaccount_socialaccount` MODIFY `extra_data` json NOT NULL;
