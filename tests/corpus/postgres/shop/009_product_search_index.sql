CREATE INDEX products_title_lower ON products (lower(title)) WHERE active;
