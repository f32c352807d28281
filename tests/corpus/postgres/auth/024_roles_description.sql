ALTER TABLE auth.roles ADD COLUMN description text NOT NULL DEFAULT '';
