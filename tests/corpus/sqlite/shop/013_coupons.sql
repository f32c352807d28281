CREATE TABLE coupons (
    code VARCHAR(24) PRIMARY KEY,
    percent_off INTEGER NOT NULL CHECK (percent_off BETWEEN 1 AND 100),
    valid_until TEXT
) WITHOUT ROWID;
ALTER TABLE orders ADD COLUMN coupon_code VARCHAR(24) REFERENCES coupons (code) ON UPDATE CASCADE;
