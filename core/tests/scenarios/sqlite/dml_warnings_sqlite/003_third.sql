DELETE FROM config WHERE key = 'version';
