CREATE TABLE coupons (
    code VARCHAR(24) NOT NULL PRIMARY KEY,
    percent_off TINYINT UNSIGNED NOT NULL,
    valid_until DATE NULL,
    CONSTRAINT coupons_percent CHECK (percent_off BETWEEN 1 AND 100)
);
ALTER TABLE orders ADD COLUMN coupon_code VARCHAR(24) NULL,
    ADD CONSTRAINT orders_coupon_fk FOREIGN KEY (coupon_code) REFERENCES coupons (code) ON UPDATE CASCADE;
