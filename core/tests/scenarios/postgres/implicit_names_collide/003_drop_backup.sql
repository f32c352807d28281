DROP TABLE totp_backup;
