ALTER TABLE tasks MODIFY state enum('todo','doing','done','archived') NOT NULL DEFAULT 'todo';
