ALTER TABLE tasks MODIFY state enum('todo','doing','done') NOT NULL DEFAULT 'todo';
