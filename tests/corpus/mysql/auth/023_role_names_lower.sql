UPDATE roles SET name = LOWER(name);
ALTER TABLE roles ADD CONSTRAINT roles_name_lower CHECK (name = LOWER(name));
