ALTER TABLE projects ALTER COLUMN name TYPE varchar(200);
