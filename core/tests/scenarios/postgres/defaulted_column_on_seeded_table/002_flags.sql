ALTER TABLE plans ADD COLUMN archived boolean NOT NULL DEFAULT false;
ALTER TABLE plans ADD COLUMN tier text NOT NULL DEFAULT 'standard';
ALTER TABLE plans ADD COLUMN seats integer DEFAULT 5;
ALTER TABLE plans ADD COLUMN created_at timestamptz NOT NULL DEFAULT now();
