CREATE TABLE plans (id int PRIMARY KEY, name text NOT NULL);
COMMENT ON TABLE plans IS 'subscription plans';
