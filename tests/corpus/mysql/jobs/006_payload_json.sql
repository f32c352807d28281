ALTER TABLE jobs ADD CONSTRAINT jobs_payload_json CHECK (JSON_VALID(payload));
