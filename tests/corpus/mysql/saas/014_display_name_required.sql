UPDATE users SET display_name = SUBSTRING_INDEX(email, '@', 1) WHERE display_name IS NULL;
ALTER TABLE users MODIFY display_name VARCHAR(200) NOT NULL;
