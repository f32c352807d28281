DROP TABLE auth.api_tokens CASCADE;
