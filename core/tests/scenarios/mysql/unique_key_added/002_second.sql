ALTER TABLE subscribers ADD UNIQUE KEY subscribers_list_email (list, email);
