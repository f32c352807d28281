-- Accounts older than the e-mail confirmation feature count as confirmed.
UPDATE users SET state = 'active' WHERE state = 'pending' AND created_at < '2020-01-01';
