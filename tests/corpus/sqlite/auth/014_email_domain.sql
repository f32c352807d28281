ALTER TABLE users ADD COLUMN email_domain TEXT
    GENERATED ALWAYS AS (substr(email, instr(email, '@') + 1)) VIRTUAL;
CREATE INDEX users_email_domain ON users (email_domain);
