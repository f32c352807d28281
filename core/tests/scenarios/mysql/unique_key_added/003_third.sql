ALTER TABLE subscribers ADD CONSTRAINT subscribers_email_uniq UNIQUE (email);
