UPDATE products SET sku = upper(sku);
CREATE TRIGGER products_sku_upper BEFORE INSERT ON products
WHEN NEW.sku <> upper(NEW.sku)
BEGIN
    SELECT RAISE(ABORT, 'sku must be upper case');
END;
