CREATE TABLE coupons (
    code varchar(24) PRIMARY KEY,
    percent_off smallint NOT NULL CHECK (percent_off BETWEEN 1 AND 100),
    valid_until date
);
ALTER TABLE orders ADD COLUMN coupon_code varchar(24) REFERENCES coupons (code) ON UPDATE CASCADE;
