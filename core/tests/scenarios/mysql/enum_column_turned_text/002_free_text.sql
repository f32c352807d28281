-- Reverting turns the column back into the enum: rows holding other text are refused first.
ALTER TABLE tickets MODIFY status varchar(20) NOT NULL DEFAULT 'new';
