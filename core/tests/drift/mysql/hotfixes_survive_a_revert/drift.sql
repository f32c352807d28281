-- What production has that no migration made (see the PostgreSQL scenario of this name).
CREATE TABLE hotfix_flags (id bigint NOT NULL AUTO_INCREMENT PRIMARY KEY, user_id bigint, flag varchar(50) NOT NULL, CONSTRAINT hotfix_user_fk FOREIGN KEY (user_id) REFERENCES users (id));
CREATE INDEX users_display_name_hand ON users (display_name);
CREATE INDEX audit_at_hand ON audit (at);
ALTER TABLE users ALTER COLUMN display_name SET DEFAULT 'anonymous';
