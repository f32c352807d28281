INSERT INTO boards (slug, title, position) VALUES ('general', 'General discussion', 1), ('help', 'Help', 2);
