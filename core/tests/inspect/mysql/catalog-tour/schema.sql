CREATE TABLE users (
  id int unsigned NOT NULL AUTO_INCREMENT PRIMARY KEY,
  email varchar(255) NOT NULL,
  name varchar(50) DEFAULT 'anon' COMMENT 'display name',
  score int DEFAULT -1,
  price decimal(10,2) DEFAULT 0,
  status enum('a','b') NOT NULL DEFAULT 'a',
  created timestamp NOT NULL DEFAULT CURRENT_TIMESTAMP ON UPDATE CURRENT_TIMESTAMP,
  notes text,
  nul int DEFAULT NULL,
  bin varchar(10) CHARACTER SET latin1 COLLATE latin1_bin,
  total int GENERATED ALWAYS AS (score * 2) VIRTUAL,
  flag boolean DEFAULT true,
  UNIQUE KEY uq_email (email),
  KEY idx_name (name(10), score DESC),
  FULLTEXT KEY ft_notes (notes),
  CONSTRAINT score_range CHECK (score BETWEEN -1 AND 100),
  CHECK (price >= 0)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COMMENT='people';
CREATE TABLE posts (
  id bigint NOT NULL AUTO_INCREMENT,
  user_id int unsigned,
  PRIMARY KEY (id),
  FOREIGN KEY (user_id) REFERENCES users (id) ON DELETE SET NULL
) ENGINE=MyISAM;
CREATE TABLE posts2 (id int PRIMARY KEY, user_id int unsigned, CONSTRAINT fk_u FOREIGN KEY (user_id) REFERENCES users (id) ON DELETE CASCADE ON UPDATE RESTRICT);
CREATE VIEW active AS SELECT id, email FROM users WHERE flag;
CREATE TRIGGER users_bi BEFORE INSERT ON users FOR EACH ROW SET NEW.name = LOWER(NEW.name);
CREATE FUNCTION twice(x int) RETURNS int DETERMINISTIC RETURN x * 2;
