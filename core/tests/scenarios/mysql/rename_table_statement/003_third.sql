ALTER TABLE articles RENAME TO entries;
