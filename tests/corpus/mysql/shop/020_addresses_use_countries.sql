INSERT IGNORE INTO countries (code, name) SELECT DISTINCT country, country FROM addresses;
ALTER TABLE addresses ADD CONSTRAINT addresses_country_fk FOREIGN KEY (country) REFERENCES countries (code);
