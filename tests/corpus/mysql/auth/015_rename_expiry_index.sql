ALTER TABLE sessions RENAME INDEX sessions_expires TO sessions_expires_at;
