ALTER TABLE coupons DROP COLUMN valid_until;
ALTER TABLE coupons ADD COLUMN active boolean NOT NULL DEFAULT true;
