CREATE OR REPLACE FUNCTION set_updated_at() RETURNS trigger LANGUAGE plpgsql AS $body$
BEGIN
  NEW.updated_at := clock_timestamp();
  RETURN NEW;
END;
$body$;
