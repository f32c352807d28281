ALTER TABLE counters MODIFY id int unsigned NOT NULL AUTO_INCREMENT;
ALTER TABLE counters MODIFY hits bigint unsigned NOT NULL DEFAULT 0;
