ALTER TABLE cities MODIFY name varchar(255) NOT NULL;
ALTER TABLE cities MODIFY code varchar(8) NOT NULL;
