CREATE INDEX products_title ON products (title(40), active);
