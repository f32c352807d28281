CREATE TABLE products (
  id bigint NOT NULL AUTO_INCREMENT,
  title varchar(200) NOT NULL,
  cost decimal(10,2) NOT NULL DEFAULT 0.00,
  PRIMARY KEY (id),
  KEY products_title (title)
);
