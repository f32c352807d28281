CREATE TABLE stock (
    product_id INTEGER PRIMARY KEY REFERENCES products (id) ON DELETE CASCADE,
    on_hand INTEGER NOT NULL DEFAULT 0,
    reserved INTEGER NOT NULL DEFAULT 0,
    CONSTRAINT stock_not_oversold CHECK (reserved <= on_hand)
);
