ALTER TABLE roles
    ADD COLUMN description VARCHAR(255) NOT NULL DEFAULT '' AFTER name,
    COMMENT = 'Named sets of permissions';
