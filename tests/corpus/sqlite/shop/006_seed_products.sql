INSERT INTO products (sku, title, price) VALUES ('GIFT-10', 'Gift card 10', 10.00), ('GIFT-25', 'Gift card 25', 25.00);
INSERT INTO stock (product_id, on_hand) SELECT id, 1000 FROM products;
