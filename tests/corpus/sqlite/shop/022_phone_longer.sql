-- Declared lengths are not enforced by SQLite; the rebuild keeps the model honest.
CREATE TABLE customers_new (
    id INTEGER PRIMARY KEY,
    email VARCHAR(254) NOT NULL UNIQUE,
    name TEXT NOT NULL,
    created_at TEXT NOT NULL DEFAULT CURRENT_TIMESTAMP,
    phone VARCHAR(32),
    notes TEXT
);
INSERT INTO customers_new SELECT id, email, name, created_at, phone, notes FROM customers;
DROP TABLE customers;
ALTER TABLE customers_new RENAME TO customers;
