INSERT INTO countries (code, name) SELECT DISTINCT country, country FROM addresses ON CONFLICT DO NOTHING;
ALTER TABLE addresses ADD CONSTRAINT addresses_country_fkey FOREIGN KEY (country) REFERENCES countries (code);
