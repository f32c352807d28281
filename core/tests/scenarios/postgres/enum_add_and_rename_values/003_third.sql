ALTER TYPE mood RENAME VALUE 'sad' TO 'blue';
