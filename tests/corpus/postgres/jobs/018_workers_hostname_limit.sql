ALTER TABLE workers ALTER COLUMN hostname TYPE varchar(255);
ALTER TABLE workers ADD COLUMN version varchar(32) NOT NULL DEFAULT 'unknown';
