DROP TRIGGER items_updated ON items;
